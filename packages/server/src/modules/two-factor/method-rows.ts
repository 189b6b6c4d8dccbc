import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../core/database/sql.js';
import type { SecretBox } from '../../core/security/encryption.js';

/**
 * A confirmed authenticator for an account, written directly (the demo's accounts, whose secret is
 * published): the method row and the account's 2FA flag, which this module keeps.
 */
export async function insertConfirmedTotp(tx: EntityManager, box: SecretBox, userId: string, secret: string, at: Date): Promise<void> {
  const methodId = randomUUID();
  await sql(tx, `insert into totp_method (id, user_id, secret_encrypted, created_at, confirmed_at) values (?, ?, ?, ?, ?)`, [
    methodId,
    userId,
    box.seal(secret, methodId),
    at,
    at,
  ]);
  await sql(tx, `update "user" set two_factor_enabled = true where id = ?`, [userId]);
}

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

/**
 * The kinds of an account's confirmed methods, as a text array over the caller's user id column
 * (TOTP, then SECURITY_KEY and PASSKEY): what an organization's member list shows, never any
 * credential data.
 */
export function methodKindsSql(userIdColumn: string): string {
  return `(array(select 'TOTP' from totp_method t where t.user_id = ${userIdColumn} and t.confirmed_at is not null limit 1)
    || array(select distinct w.kind from webauthn_credential w where w.user_id = ${userIdColumn} order by 1 desc))`;
}

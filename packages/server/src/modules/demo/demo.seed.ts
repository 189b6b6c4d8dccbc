import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { codeAt, timeStep } from '../two-factor/index.js';
import type { Logger } from '../../core/logger.js';
import { sql } from '../../core/database/sql.js';
import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/security/encryption.js';
import type { PasswordHasher } from '../../core/security/password-hasher.js';
import { DEMO, demoMembers } from './demo-data.js';

/**
 * Creates the demo organization on an empty database, all in one transaction: a crash half-way
 * leaves nothing, and the next start seeds again. A database with any account is left alone.
 */
export async function seedDemo(
  em: EntityManager,
  services: { clock: Clock; hasher: Pick<PasswordHasher, 'hash'>; box: SecretBox },
  log: Logger,
): Promise<boolean> {
  const seeded = await em.transactional(async (tx) => {
    const [{ count }] = (await sql<{ count: string }>(tx, `select count(*) as count from "user"`)) as [{ count: string }];
    if (Number(count) > 0) return false;
    const now = services.clock.now();
    const passwordHash = await services.hasher.hash(DEMO.password);
    const organizationId = randomUUID();
    await sql(tx, `insert into organization (id, name, two_factor_required, created_at) values (?, ?, false, ?)`, [
      organizationId,
      DEMO.organization,
      now,
    ]);
    for (const member of demoMembers()) {
      const userId = randomUUID();
      await sql(
        tx,
        `insert into "user" (id, email, display_name, password_hash, two_factor_enabled, created_at) values (?, ?, ?, ?, ?, ?)`,
        [userId, member.email, member.displayName, passwordHash, member.twoFactor, now],
      );
      await sql(tx, `insert into membership (organization_id, user_id, role, kind, joined_at) values (?, ?, ?, ?, ?)`, [
        organizationId,
        userId,
        member.role,
        member.kind,
        now,
      ]);
      if (member.twoFactor) {
        const methodId = randomUUID();
        await sql(tx, `insert into totp_method (id, user_id, secret_encrypted, created_at, confirmed_at) values (?, ?, ?, ?, ?)`, [
          methodId,
          userId,
          services.box.seal(DEMO.totpSecret, methodId),
          now,
          now,
        ]);
      }
    }
    return true;
  });
  if (seeded) log.info({ organization: DEMO.organization, members: demoMembers().length }, 'demo data created');
  return seeded;
}

/** The demo accounts' current code, for the start banner and `twostep demo-code`. */
export function demoCode(at: Date = new Date()): string {
  return codeAt(DEMO.totpSecret, timeStep(at));
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { anyAccount, insertUser } from '../accounts/index.js';
import { insertMembership, type OrganizationsService } from '../organizations/index.js';
import { codeAt, insertConfirmedTotp, timeStep } from '../two-factor/index.js';
import type { Logger } from '../../core/logger.js';
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
  services: { clock: Clock; hasher: Pick<PasswordHasher, 'hash'>; box: SecretBox; organizations: Pick<OrganizationsService, 'create'> },
  log: Logger,
): Promise<boolean> {
  const seeded = await em.transactional(async (tx) => {
    if (await anyAccount(tx)) return false;
    const now = services.clock.now();
    const passwordHash = await services.hasher.hash(DEMO.password);
    const { id: organizationId } = await services.organizations.create(tx, DEMO.organization);
    for (const member of demoMembers()) {
      const userId = randomUUID();
      await insertUser(tx, { id: userId, email: member.email, displayName: member.displayName, passwordHash, createdAt: now });
      await insertMembership(tx, { organizationId, userId, role: member.role, kind: member.kind, joinedAt: now });
      if (member.twoFactor) await insertConfirmedTotp(tx, services.box, userId, DEMO.totpSecret, now);
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

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@twostep/shared';
import { rolePermissions, type EventAudience, type Permission } from '../access/index.js';
import { liveSessionsOf } from '../accounts/index.js';
import { liveTokensOf } from '../integration-tokens/index.js';
import { roleHolders } from '../organizations/index.js';

/** Who may receive an organization's events right now (the access module decides with it: `eventRefusal`). */
export type OrganizationRights = EventAudience;

/**
 * The organization's people whose role holds the permission, with their 2FA state and the
 * organizations that block them (asked of organizations), their live sessions (of accounts), and
 * the organization's live integration tokens with their scopes (of integration-tokens): three
 * statements, read once per event and instance. The access module's permission table says whose
 * role counts, and its `eventRefusal` decides for each subscriber.
 */
export async function readOrganizationRights(
  em: EntityManager,
  organizationId: string,
  permission: Permission,
  now: Date,
): Promise<OrganizationRights> {
  const roles = Object.entries(rolePermissions)
    .filter(([, granted]) => granted.has(permission))
    .map(([role]) => role as Role);
  const holders = await roleHolders(em, organizationId, roles);
  const sessions = await liveSessionsOf(
    em,
    holders.map((h) => h.id),
    now,
  );
  const tokens = await liveTokensOf(em, organizationId, now);
  const people: OrganizationRights['people'] = new Map();
  for (const holder of holders) {
    people.set(holder.id, {
      twoFactorEnabled: holder.twoFactorEnabled,
      phishingResistant: holder.phishingResistant,
      organizations: holder.organizations,
      sessions: sessions.get(holder.id) ?? new Set(),
    });
  }
  return { at: now, people, tokens };
}

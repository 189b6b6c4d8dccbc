import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role, Scope } from '@twostep/shared';
import { sql } from '../../core/database/sql.js';
import type { OrganizationRef } from '../../core/graphql/principal.js';
import { rolePermissions, type EventAudience, type Permission } from '../access/index.js';

/** Who may receive an organization's events right now (the access module decides with it: `eventRefusal`). */
export type OrganizationRights = EventAudience;

interface RightsRow {
  people: { id: string; two_factor_enabled: boolean; requiring: OrganizationRef[]; sessions: string[] }[] | string;
  tokens: { id: string; scopes: Scope[] }[] | string;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * In one statement: the organization's people whose role holds the permission, with their 2FA
 * state, the organizations that block them and their live sessions; and its live integration
 * tokens with their scopes. The access module's permission table says whose role counts, and its
 * `eventRefusal` decides for each subscriber.
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
  const [row] = await sql<RightsRow>(
    em,
    `select
       coalesce((select json_agg(json_build_object(
           'id', u.id, 'two_factor_enabled', u.two_factor_enabled,
           'requiring', coalesce((select json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name)
                                  from membership rm join organization o on o.id = rm.organization_id
                                  where rm.user_id = u.id and o.two_factor_required), '[]'),
           'sessions', coalesce((select json_agg(s.id) from session s
                                 where s.user_id = u.id and s.revoked_at is null and s.expires_at > ?), '[]')))
         from membership m join "user" u on u.id = m.user_id
         where m.organization_id = ? and m.role in (select jsonb_array_elements_text(?::jsonb))), '[]') as people,
       coalesce((select json_agg(json_build_object('id', t.id, 'scopes', t.scopes))
         from integration_token t
         where t.organization_id = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > ?)), '[]') as tokens`,
    [now, organizationId, JSON.stringify(roles), organizationId, now],
  );
  const people = new Map<string, { twoFactorEnabled: boolean; requiring: OrganizationRef[]; sessions: Set<string> }>();
  for (const person of json(row!.people)) {
    people.set(person.id, { twoFactorEnabled: person.two_factor_enabled, requiring: person.requiring, sessions: new Set(person.sessions) });
  }
  const tokens = new Map<string, ReadonlySet<Scope>>();
  for (const token of json(row!.tokens)) tokens.set(token.id, new Set(json(token.scopes)));
  return { people, tokens };
}

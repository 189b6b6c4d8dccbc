import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, type Role, type Scope } from '@twostep/shared';
import { sql } from '../../core/database/sql.js';
import { DomainError } from '../../core/errors.js';
import type { OrganizationRef, Principal } from '../../core/graphql/principal.js';
import { rolePermissions, scopePermissions, type Permission } from '../organizations/index.js';

/** Who may receive an organization's events right now: read once per event and instance. */
export interface OrganizationRights {
  people: Map<string, { twoFactorEnabled: boolean; requiring: OrganizationRef[]; sessions: Set<string> }>;
  tokens: Map<string, ReadonlySet<Scope>>;
}

interface RightsRow {
  people: { id: string; two_factor_enabled: boolean; requiring: OrganizationRef[]; sessions: string[] }[] | string;
  tokens: { id: string; scopes: Scope[] }[] | string;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * In one statement: the organization's people whose role holds the permission, with their 2FA
 * state, the organizations that block them and their live sessions; and its live integration
 * tokens with their scopes. The permission table (`rolePermissions`, `scopePermissions`) stays
 * the one place that says who may do what.
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

/** What to do with a subscriber who may no longer receive the organization's events. */
export interface Refusal {
  error: DomainError;
  /** The credential itself is gone: close the whole socket (4403). */
  credentialGone: boolean;
}

/** Checks one subscriber against the rights read for an event; undefined means deliver. */
export function refusal(rights: OrganizationRights, principal: Principal, permission: Permission): Refusal | undefined {
  // Built only when refusing: this runs for every subscriber and event, and an error costs its stack.
  const gone = (): Refusal => ({
    error: new DomainError(ErrorCode.UNAUTHENTICATED, 'This session or token has ended.'),
    credentialGone: true,
  });
  const forbidden = (): Refusal => ({
    error: new DomainError(ErrorCode.FORBIDDEN, 'You may no longer watch this organization’s events.'),
    credentialGone: false,
  });
  switch (principal.kind) {
    case 'anonymous':
      return gone();
    case 'integration': {
      const scopes = rights.tokens.get(principal.tokenId);
      if (!scopes) return gone();
      return [...scopes].some((scope) => scopePermissions[scope]?.includes(permission)) ? undefined : forbidden();
    }
    case 'session': {
      const person = rights.people.get(principal.userId);
      if (!person) return forbidden();
      if (!person.sessions.has(principal.sessionId)) return gone();
      if (principal.client === 'WEB' && !person.twoFactorEnabled && person.requiring.length > 0) {
        return {
          error: new DomainError(
            ErrorCode.TWO_FACTOR_REQUIRED,
            'An organization you belong to requires two-step verification. Set it up to continue.',
            { organizations: person.requiring },
          ),
          credentialGone: false,
        };
      }
      return undefined;
    }
  }
}

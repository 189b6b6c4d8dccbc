import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipKind, type Role } from '@twostep/shared';
import { sql } from '../../core/database/sql.js';
import type { OrganizationRef } from '../../core/graphql/principal.js';
import { lastAlertedAt } from './members.query.js';

/**
 * What other modules may read and write of the `membership` and `organization` tables, which this
 * module owns. Each function is one statement in the caller's entity manager (or transaction).
 */

/** Adds a membership; false when the account is a member already (nothing written). */
export async function insertMembership(
  tx: EntityManager,
  row: { organizationId: string; userId: string; role: Role; kind: MembershipKind; joinedAt: Date },
): Promise<boolean> {
  const joined = await sql(
    tx,
    `insert into membership (organization_id, user_id, role, kind, joined_at) values (?, ?, ?, ?, ?)
     on conflict do nothing returning user_id`,
    [row.organizationId, row.userId, row.role, row.kind, row.joinedAt],
  );
  return joined.length > 0;
}

/** Whether the account is `INTERNAL` to some organization (its one home). */
export async function hasHome(em: EntityManager, userId: string): Promise<boolean> {
  const [home] = await sql(em, `select 1 from membership where user_id = ? and kind = ?`, [userId, MembershipKind.INTERNAL]);
  return home !== undefined;
}

/** Whether an account with this address (in any case) is a member of the organization. */
export async function isMemberByEmail(em: EntityManager, organizationId: string, email: string): Promise<boolean> {
  const [member] = await sql(
    em,
    `select 1 from membership m join "user" u on u.id = m.user_id where m.organization_id = ? and lower(u.email) = lower(?)`,
    [organizationId, email],
  );
  return member !== undefined;
}

/** The ids of the organizations the account belongs to. */
export async function organizationIdsOf(em: EntityManager, userId: string): Promise<string[]> {
  const rows = await sql<{ organization_id: string }>(em, `select organization_id::text from membership where user_id = ?`, [userId]);
  return rows.map((r) => r.organization_id);
}

/** The account's organizations that require 2FA, by name. */
export function requiringOrganizationsOf(em: EntityManager, userId: string): Promise<OrganizationRef[]> {
  return sql<OrganizationRef>(
    em,
    `select o.id, o.name from membership m join organization o on o.id = m.organization_id
     where m.user_id = ? and o.two_factor_required order by o.name`,
    [userId],
  );
}

/** Which of these accounts are members of the organization. */
export async function membersAmong(em: EntityManager, organizationId: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await sql<{ user_id: string }>(
    em,
    `select user_id::text from membership where organization_id = ? and user_id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
    [organizationId, JSON.stringify(userIds)],
  );
  return rows.map((r) => r.user_id);
}

/** The account's memberships with their organizations, by organization name. */
export async function membershipsOf(
  em: EntityManager,
  userId: string,
): Promise<
  { id: string; name: string; twoFactorRequired: boolean; policyChangedAt: Date | null; role: Role; kind: MembershipKind; joinedAt: Date }[]
> {
  const rows = await sql<{
    id: string;
    name: string;
    two_factor_required: boolean;
    policy_changed_at: Date | null;
    role: Role;
    kind: MembershipKind;
    joined_at: Date;
  }>(
    em,
    `select o.id, o.name, o.two_factor_required, o.policy_changed_at, m.role, m.kind, m.joined_at
     from membership m join organization o on o.id = m.organization_id where m.user_id = ? order by o.name`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    twoFactorRequired: r.two_factor_required,
    policyChangedAt: r.policy_changed_at ? new Date(r.policy_changed_at) : null,
    role: r.role,
    kind: r.kind,
    joinedAt: new Date(r.joined_at),
  }));
}

/**
 * A query object for one statement that needs an account's memberships beside its own rows (the
 * session's principal, read at every request): a JSON array of the account whose id is in
 * `userIdColumn`, with what the gate needs of each organization, by name.
 */
export function membershipsJsonOf(userIdColumn: string): string {
  return `coalesce((select json_agg(json_build_object('organization_id', o.id, 'name', o.name, 'role', m.role, 'kind', m.kind,
              'two_factor_required', o.two_factor_required, 'policy_changed_at', o.policy_changed_at) order by o.name)
            from membership m join organization o on o.id = m.organization_id where m.user_id = ${userIdColumn}), '[]')`;
}

/**
 * The people of the organization whose role is one of `roles`, with their 2FA flag and the
 * organizations that require 2FA of them (the audience of a live event, read once per event).
 */
export async function roleHolders(
  em: EntityManager,
  organizationId: string,
  roles: readonly Role[],
): Promise<{ id: string; twoFactorEnabled: boolean; requiring: OrganizationRef[] }[]> {
  const rows = await sql<{ id: string; two_factor_enabled: boolean; requiring: OrganizationRef[] | string }>(
    em,
    `select u.id::text, u.two_factor_enabled,
       coalesce((select json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name)
                 from membership rm join organization o on o.id = rm.organization_id
                 where rm.user_id = u.id and o.two_factor_required), '[]') as requiring
     from membership m join "user" u on u.id = m.user_id
     where m.organization_id = ? and m.role in (select jsonb_array_elements_text(?::jsonb))`,
    [organizationId, JSON.stringify(roles)],
  );
  return rows.map((r) => ({
    id: r.id,
    twoFactorEnabled: r.two_factor_enabled,
    requiring: typeof r.requiring === 'string' ? (JSON.parse(r.requiring) as OrganizationRef[]) : r.requiring,
  }));
}

/** Sets the organization's requirement; false when it already had that value (nothing written). */
export async function setTwoFactorRequirement(
  tx: EntityManager,
  change: { organizationId: string; required: boolean; at: Date; byUserId: string | null; byTokenId: string | null },
): Promise<boolean> {
  const rows = await sql(
    tx,
    `update organization set two_factor_required = ?, policy_changed_at = ?, policy_changed_by = ?, policy_changed_by_token_id = ?
     where id = ? and two_factor_required <> ? returning id`,
    [change.required, change.at, change.byUserId, change.byTokenId, change.organizationId, change.required],
  );
  return rows.length > 0;
}

/**
 * What modules that organizations builds on (accounts, two-factor, audit) may ask about an
 * account's organizations; the composition root hands it to them.
 */
export const accountOrganizations = { ids: organizationIdsOf, requiring: requiringOrganizationsOf } as const;

/** What an alert needs of one member: the address, the name, the 2FA flag and the last alert here. */
export async function memberContact(
  em: EntityManager,
  organizationId: string,
  userId: string,
): Promise<{ email: string; displayName: string; twoFactorEnabled: boolean; lastAlertedAt: Date | null } | undefined> {
  const [row] = await sql<{ email: string; display_name: string; two_factor_enabled: boolean; last_alerted_at: Date | null }>(
    em,
    `select u.email, u.display_name, u.two_factor_enabled, ${lastAlertedAt} as last_alerted_at
     from membership m join "user" u on u.id = m.user_id
     where m.organization_id = ? and m.user_id = ?`,
    [organizationId, userId],
  );
  if (!row) return undefined;
  return {
    email: row.email,
    displayName: row.display_name,
    twoFactorEnabled: row.two_factor_enabled,
    lastAlertedAt: row.last_alerted_at ? new Date(row.last_alerted_at) : null,
  };
}

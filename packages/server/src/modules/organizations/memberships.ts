import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipKind, type AllowedMethods, type Role } from '@twostep/shared';
import { dateOrNull, intArray, sql } from '../../core/database/sql.js';
import type { OrganizationRef } from '../../core/graphql/principal.js';
import { acceptedMethodSql, type OrganizationFacts } from '../access/index.js';
import { lastAlertedAt } from './members.query.js';

/**
 * What other modules may read and write of the `membership` and `organization` tables, which this
 * module owns. Each function is one statement in the caller's entity manager (or transaction).
 */

/** The columns `acceptedMethodSql` reads, for a user `u` in an organization `o`. */
export const acceptedColumns = {
  twoFactorEnabled: 'u.two_factor_enabled',
  phishingResistant: 'u.phishing_resistant',
  allowedMethods: 'o.allowed_methods',
};

/** Adds a membership; false when the account is a member already (nothing written). */
export async function insertMembership(
  tx: EntityManager,
  row: { organizationId: string; userId: string; role: Role; kind: MembershipKind; joinedAt: Date },
): Promise<boolean> {
  // Joining while a plan runs (the requirement on or scheduled) with a window gives the member
  // their own deadline: joining plus the window.
  const joined = await sql(
    tx,
    `insert into membership (organization_id, user_id, role, kind, joined_at, deadline_at)
     select o.id, ?, ?, ?, ?::timestamptz,
       case when o.new_member_window_days > 0 and (o.two_factor_required or o.required_from is not null)
            then ?::timestamptz + make_interval(days => o.new_member_window_days) end
     from organization o where o.id = ?
     on conflict do nothing returning user_id`,
    [row.userId, row.role, row.kind, row.joinedAt, row.joinedAt, row.organizationId],
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
export function requiringOrganizationsOf(
  em: EntityManager,
  userId: string,
): Promise<(OrganizationRef & { allowedMethods: AllowedMethods })[]> {
  return sql<OrganizationRef & { allowedMethods: AllowedMethods }>(
    em,
    `select o.id, o.name, o.allowed_methods as "allowedMethods" from membership m join organization o on o.id = m.organization_id
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
  {
    id: string;
    name: string;
    twoFactorRequired: boolean;
    policyChangedAt: Date | null;
    requiredFrom: Date | null;
    allowedMethods: AllowedMethods;
    role: Role;
    kind: MembershipKind;
    joinedAt: Date;
  }[]
> {
  const rows = await sql<{
    id: string;
    name: string;
    two_factor_required: boolean;
    policy_changed_at: Date | null;
    required_from: Date | null;
    allowed_methods: AllowedMethods;
    role: Role;
    kind: MembershipKind;
    joined_at: Date;
  }>(
    em,
    `select o.id, o.name, o.two_factor_required, o.policy_changed_at, o.required_from, o.allowed_methods, m.role, m.kind, m.joined_at
     from membership m join organization o on o.id = m.organization_id where m.user_id = ? order by o.name`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    twoFactorRequired: r.two_factor_required,
    policyChangedAt: r.policy_changed_at ? new Date(r.policy_changed_at) : null,
    requiredFrom: r.required_from ? new Date(r.required_from) : null,
    allowedMethods: r.allowed_methods,
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
              'two_factor_required', o.two_factor_required, 'allowed_methods', o.allowed_methods, 'policy_changed_at', o.policy_changed_at,
              'required_from', o.required_from, 'deadline_at', m.deadline_at,
              'exempt_until', (select e.expires_at from exemption e
                               where e.organization_id = m.organization_id and e.user_id = m.user_id and e.ended_at is null)) order by o.name)
            from membership m join organization o on o.id = m.organization_id where m.user_id = ${userIdColumn}), '[]')`;
}

/** An organization's facts for compliance, as the JSON of `organizationFactsJson` writes them. */
interface OrganizationFactsJson {
  id: string;
  name: string;
  two_factor_required: boolean;
  allowed_methods: AllowedMethods;
  required_from: string | null;
  deadline_at: string | null;
  exempt_until: string | null;
}

function toFacts(o: OrganizationFactsJson): OrganizationFacts {
  return {
    id: o.id,
    name: o.name,
    twoFactorRequired: o.two_factor_required,
    allowedMethods: o.allowed_methods,
    requiredFrom: dateOrNull(o.required_from),
    deadlineAt: dateOrNull(o.deadline_at),
    exemptUntil: dateOrNull(o.exempt_until),
  };
}

/** The address and name of each member of the organization whose role is one of `roles` (whom a notice goes to). */
export function roleHolderContacts(
  em: EntityManager,
  organizationId: string,
  roles: readonly Role[],
): Promise<{ user_id: string; email: string; display_name: string }[]> {
  return sql(
    em,
    `select u.id as user_id, u.email, u.display_name from membership m join "user" u on u.id = m.user_id
     where m.organization_id = ? and m.role in (select jsonb_array_elements_text(?::jsonb)) order by u.id`,
    [organizationId, JSON.stringify(roles)],
  );
}

/**
 * The people of the organization whose role is one of `roles`, with their 2FA flag and, for each
 * organization of theirs with a requirement on or scheduled, what compliance needs (the audience of
 * a live event, read once per event).
 */
export async function roleHolders(
  em: EntityManager,
  organizationId: string,
  roles: readonly Role[],
): Promise<{ id: string; twoFactorEnabled: boolean; phishingResistant: boolean; organizations: OrganizationFacts[] }[]> {
  const rows = await sql<{
    id: string;
    two_factor_enabled: boolean;
    phishing_resistant: boolean;
    organizations: OrganizationFactsJson[] | string;
  }>(
    em,
    `select u.id::text, u.two_factor_enabled, u.phishing_resistant,
       coalesce((select json_agg(json_build_object('id', o.id, 'name', o.name, 'two_factor_required', o.two_factor_required,
                   'allowed_methods', o.allowed_methods,
                   'required_from', o.required_from, 'deadline_at', rm.deadline_at,
                   'exempt_until', (select e.expires_at from exemption e
                                    where e.organization_id = rm.organization_id and e.user_id = rm.user_id and e.ended_at is null))
                   order by o.name)
                 from membership rm join organization o on o.id = rm.organization_id
                 where rm.user_id = u.id and (o.two_factor_required or o.required_from is not null)), '[]') as organizations
     from membership m join "user" u on u.id = m.user_id
     where m.organization_id = ? and m.role in (select jsonb_array_elements_text(?::jsonb))`,
    [organizationId, JSON.stringify(roles)],
  );
  return rows.map((r) => ({
    id: r.id,
    twoFactorEnabled: r.two_factor_enabled,
    phishingResistant: r.phishing_resistant,
    organizations: (typeof r.organizations === 'string' ? (JSON.parse(r.organizations) as OrganizationFactsJson[]) : r.organizations).map(
      toFacts,
    ),
  }));
}

/** Sets the methods the organization accepts; returns the previous value (undefined when the organization is gone). */
export async function setAllowedMethods(
  tx: EntityManager,
  organizationId: string,
  allowedMethods: AllowedMethods,
): Promise<{ previous: AllowedMethods; twoFactorRequired: boolean; requiredFrom: Date | null } | undefined> {
  const [row] = await sql<{ previous: AllowedMethods; two_factor_required: boolean; required_from: Date | null }>(
    tx,
    `update organization o set allowed_methods = ? from (select id, allowed_methods from organization where id = ? for no key update) old
     where o.id = old.id returning old.allowed_methods as previous, o.two_factor_required, o.required_from`,
    [allowedMethods, organizationId],
  );
  return row
    ? { previous: row.previous, twoFactorRequired: row.two_factor_required, requiredFrom: dateOrNull(row.required_from) }
    : undefined;
}

/**
 * Switches the organization's requirement on or off now; false when it already had that value
 * (nothing written). Either way a scheduled date is gone: on, it has come early; off, the plan is
 * dropped. Returns the date that was scheduled, if any.
 */
export async function setTwoFactorRequirement(
  tx: EntityManager,
  change: { organizationId: string; required: boolean; at: Date; byUserId: string | null; byTokenId: string | null },
): Promise<{ changed: boolean; cancelledDate: Date | null }> {
  const [before] = await sql<{ two_factor_required: boolean; required_from: Date | null }>(
    tx,
    `select two_factor_required, required_from from organization where id = ? for no key update`,
    [change.organizationId],
  );
  if (!before) return { changed: false, cancelledDate: null };
  const changed = before.two_factor_required !== change.required;
  const cancelledDate = before.required_from ? new Date(before.required_from) : null;
  if (!changed && !cancelledDate) return { changed: false, cancelledDate: null };
  await sql(
    tx,
    `update organization set required_from = null, scheduled_by = null, scheduled_by_token_id = null, scheduled_at = null
       ${changed ? ', two_factor_required = ?, policy_changed_at = ?, policy_changed_by = ?, policy_changed_by_token_id = ?' : ''}
     where id = ?`,
    [...(changed ? [change.required, change.at, change.byUserId, change.byTokenId] : []), change.organizationId],
  );
  return { changed, cancelledDate };
}

/** Schedules (or moves) the requirement's date; returns the date it replaced, if any. Refused by the caller when already in force. */
export async function scheduleRequirement(
  tx: EntityManager,
  plan: { organizationId: string; requiredFrom: Date; at: Date; byUserId: string | null; byTokenId: string | null },
): Promise<{ inForce: boolean; previous: Date | null }> {
  const [before] = await sql<{ two_factor_required: boolean; required_from: Date | null }>(
    tx,
    `select two_factor_required, required_from from organization where id = ? for no key update`,
    [plan.organizationId],
  );
  if (!before || before.two_factor_required) return { inForce: true, previous: null };
  await sql(tx, `update organization set required_from = ?, scheduled_by = ?, scheduled_by_token_id = ?, scheduled_at = ? where id = ?`, [
    plan.requiredFrom,
    plan.byUserId,
    plan.byTokenId,
    plan.at,
    plan.organizationId,
  ]);
  return { inForce: false, previous: before.required_from ? new Date(before.required_from) : null };
}

/** Sets the new members' window; returns the previous number of days and the plan (undefined when the organization is gone). */
export async function setNewMemberWindow(
  tx: EntityManager,
  organizationId: string,
  days: number,
): Promise<{ previous: number; twoFactorRequired: boolean; requiredFrom: Date | null } | undefined> {
  const [row] = await sql<{ previous: number; two_factor_required: boolean; required_from: Date | null }>(
    tx,
    `update organization o set new_member_window_days = ?
     from (select new_member_window_days as previous from organization where id = ? for no key update) b
     where o.id = ? returning b.previous, o.two_factor_required, o.required_from`,
    [days, organizationId, organizationId],
  );
  return (
    row && {
      previous: row.previous,
      twoFactorRequired: row.two_factor_required,
      requiredFrom: row.required_from ? new Date(row.required_from) : null,
    }
  );
}

/** Cancels a scheduled date that has not come into force; returns it (undefined when nothing was scheduled). */
export async function cancelScheduledRequirement(tx: EntityManager, organizationId: string): Promise<Date | undefined> {
  const [row] = await sql<{ required_from: Date }>(
    tx,
    `with before as (select id, required_from from organization where id = ? and required_from is not null and not two_factor_required for no key update)
     update organization o set required_from = null, scheduled_by = null, scheduled_by_token_id = null, scheduled_at = null
     from before where o.id = before.id returning before.required_from`,
    [organizationId],
  );
  return row ? new Date(row.required_from) : undefined;
}

/**
 * Turns on every scheduled requirement whose date has come, exactly once: each row is taken by
 * one statement (`for update skip locked`: two instances split the work, never share it), through
 * the partial index `organization_plan_due`. Returns what it switched, for the audit and events.
 */
export function switchDuePlans(
  tx: EntityManager,
  now: Date,
  limit: number,
): Promise<{ id: string; required_from: Date; scheduled_by: string | null; scheduled_by_token_id: string | null }[]> {
  return sql(
    tx,
    `with due as (
       select id, required_from from organization where required_from is not null and required_from <= ?
       order by required_from limit ? for update skip locked)
     update organization o set two_factor_required = true, policy_changed_at = ?, policy_changed_by = o.scheduled_by,
       policy_changed_by_token_id = o.scheduled_by_token_id, required_from = null, scheduled_by = null, scheduled_by_token_id = null, scheduled_at = null
     from due where o.id = due.id
     returning o.id::text, due.required_from, o.policy_changed_by as scheduled_by,
       o.policy_changed_by_token_id as scheduled_by_token_id`,
    [now, limit, now],
  );
}

/** Records, once, that new members' windows ended (through `membership_deadline_due`); returns them. */
export function recordEndedWindows(
  tx: EntityManager,
  now: Date,
  limit: number,
): Promise<{ organization_id: string; user_id: string; deadline_at: Date }[]> {
  return sql(
    tx,
    `with due as (
       select organization_id, user_id from membership where deadline_at is not null and not deadline_recorded and deadline_at <= ?
       order by deadline_at limit ? for update skip locked)
     update membership m set deadline_recorded = true from due
     where m.organization_id = due.organization_id and m.user_id = due.user_id
     returning m.organization_id::text, m.user_id::text, m.deadline_at`,
    [now, limit],
  );
}

/** The organization's reminder offsets (days before a scheduled date). */
export async function reminderOffsetsOf(em: EntityManager, organizationId: string): Promise<number[]> {
  const [row] = await sql<{ reminder_offsets: number[] | string }>(em, `select reminder_offsets from organization where id = ?`, [
    organizationId,
  ]);
  if (!row) return [];
  return intArray(row.reminder_offsets);
}

/** Sets the reminder offsets; returns the scheduled date, if any (undefined when the organization is gone). */
export async function setReminderOffsets(
  tx: EntityManager,
  organizationId: string,
  offsets: readonly number[],
): Promise<{ requiredFrom: Date | null; twoFactorRequired: boolean } | undefined> {
  const [row] = await sql<{ required_from: Date | null; two_factor_required: boolean }>(
    tx,
    `update organization set reminder_offsets = ?::integer[] where id = ? returning required_from, two_factor_required`,
    [`{${offsets.join(',')}}`, organizationId],
  );
  return row && { requiredFrom: row.required_from ? new Date(row.required_from) : null, twoFactorRequired: row.two_factor_required };
}

/** The organization's time zone for the dates in its mails (IANA name). */
export async function timeZoneOf(em: EntityManager, organizationId: string): Promise<string> {
  const [row] = await sql<{ time_zone: string }>(em, `select time_zone from organization where id = ?`, [organizationId]);
  return row?.time_zone ?? 'UTC';
}

/** Sets the organization's time zone; returns the previous one (undefined when the organization is gone). */
export async function setTimeZone(tx: EntityManager, organizationId: string, timeZone: string): Promise<string | undefined> {
  const [row] = await sql<{ previous: string }>(
    tx,
    `update organization o set time_zone = ? from (select time_zone as previous from organization where id = ? for no key update) b
     where o.id = ? returning b.previous`,
    [timeZone, organizationId, organizationId],
  );
  return row?.previous;
}

/**
 * Whether any rollout change of this module's tables is due at `now` (a plan's date, a window's
 * end, an exemption's warning or expiry), as `exists` probes of the partial indexes that hold
 * what is ahead: the sweeper's idle round is this one read.
 */
export function rolloutDueSql(): { sql: string; params: (now: Date) => Date[] } {
  return {
    sql: `exists (select 1 from organization where required_from is not null and required_from <= ?)
      or exists (select 1 from membership where deadline_at is not null and not deadline_recorded and deadline_at <= ?)
      or exists (select 1 from exemption where ended_at is null and expires_at <= ?)
      or exists (select 1 from exemption where ended_at is null and warned_at is null and expires_at <= ?)`,
    params: (now) => [now, now, now, new Date(now.getTime() + 3 * 86_400_000)],
  };
}

/**
 * What modules that organizations builds on (accounts, two-factor, audit) may ask about an
 * account's organizations; the composition root hands it to them.
 */
export const accountOrganizations = { ids: organizationIdsOf, requiring: requiringOrganizationsOf } as const;

/** What an alert needs of one member: the address, the name, whether they have a method accepted here, and the last alert here. */
export async function memberContact(
  em: EntityManager,
  organizationId: string,
  userId: string,
): Promise<{ email: string; displayName: string; hasAcceptedMethod: boolean; lastAlertedAt: Date | null } | undefined> {
  const [row] = await sql<{ email: string; display_name: string; accepted: boolean; last_alerted_at: Date | null }>(
    em,
    `select u.email, u.display_name, ${acceptedMethodSql(acceptedColumns)} as accepted, ${lastAlertedAt} as last_alerted_at
     from membership m join "user" u on u.id = m.user_id join organization o on o.id = m.organization_id
     where m.organization_id = ? and m.user_id = ?`,
    [organizationId, userId],
  );
  if (!row) return undefined;
  return {
    email: row.email,
    displayName: row.display_name,
    hasAcceptedMethod: row.accepted,
    lastAlertedAt: row.last_alerted_at ? new Date(row.last_alerted_at) : null,
  };
}

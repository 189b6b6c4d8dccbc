import type { EntityManager } from '@mikro-orm/postgresql';
import { Limits } from '@twostep/shared';
import { sql } from '../../core/database/sql.js';
import { badInput, isUuid } from '../../core/errors.js';
import { decodeCursor, encodeCursor } from '../../core/graphql/pagination.js';
import { acceptedMethodSql, complianceSql, type ComplianceColumns } from '../access/index.js';
import { methodKindsSql } from '../two-factor/index.js';
import type { MemberConnection, MemberFilter, MemberOrder } from './members.types.js';
import { toMember, type MemberRow } from './member-row.js';

/** Sort expressions per order field; the user id breaks ties so that the cursor is exact. */
const sortKeys = {
  NAME: 'lower(u.display_name)',
  EMAIL: 'lower(u.email)',
  JOINED_AT: 'm.joined_at',
  // "Has 2FA" as the organization counts it: a method it accepts (only keys where only keys count).
  TWO_FACTOR: acceptedMethodSql({
    twoFactorEnabled: 'u.two_factor_enabled',
    phishingResistant: 'u.phishing_resistant',
    allowedMethods: '(select o.allowed_methods from organization o where o.id = m.organization_id)',
  }),
} as const;

/** A cursor's sort value as this order writes it: a forged one must not reach SQL (where it fails). */
function validSortValue(field: keyof typeof sortKeys, value: unknown): boolean {
  if (field === 'TWO_FACTOR') return typeof value === 'boolean';
  if (typeof value !== 'string' || value.includes('\u0000')) return false;
  return field !== 'JOINED_AT' || isUtcTimestamp(value);
}

/** A timestamp as PostgreSQL writes it in UTC (`2026-01-31 12:00:00.123456+00`, or ISO), that exists. */
function isUtcTimestamp(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|\+00(?::00)?)$/.exec(value);
  if (!match) return false;
  const [y, mo, d, h, mi, se] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === se
  );
}

/**
 * When the organization last alerted a member (`m` is the membership): their latest alert. An
 * alert is its mail (`alert` is a view over alert mails); the partial index
 * `mail_message_alert_idx` answers it with one probe.
 */
export const lastAlertedAt = `(select max(la.created_at) from alert la where la.organization_id = m.organization_id and la.user_id = m.user_id)`;

/** The member's last alert sent by hand (or by an "alert all" campaign), reminders of a plan left out. */
export const lastManualAlertedAt = `(select max(la.created_at) from alert la
  where la.organization_id = m.organization_id and la.user_id = m.user_id and la.reminder_offset is null)`;

/** Whether the membership (alias `membership`) has an exemption running at the SQL moment `at`. */
export function exemptAt(membership: string, at: string): string {
  return `exists (select 1 from exemption e where e.organization_id = ${membership}.organization_id and e.user_id = ${membership}.user_id
    and e.ended_at is null and e.expires_at > ${at})`;
}

/** The organization's scheduled date, beside each membership row (`m`). */
const requiredFrom = `(select o.required_from from organization o where o.id = m.organization_id)`;

/** The member's open exemption here, as JSON with who granted it (null when none). */
const openExemption = `(select json_build_object('reason', e.reason, 'expires_at', e.expires_at, 'created_at', e.created_at,
    'created_by', e.created_by, 'created_by_token_id', e.created_by_token_id, 'created_by_name', coalesce(cu.display_name, ct.name))
  from exemption e left join "user" cu on cu.id = e.created_by left join integration_token ct on ct.id = e.created_by_token_id
  where e.organization_id = m.organization_id and e.user_id = m.user_id and e.ended_at is null)`;

/** The columns the access module's `complianceSql` reads, for a membership `m` of a user `u`. */
export const complianceColumns: ComplianceColumns = {
  twoFactorEnabled: 'u.two_factor_enabled',
  phishingResistant: 'u.phishing_resistant',
  allowedMethods: '(select o.allowed_methods from organization o where o.id = m.organization_id)',
  twoFactorRequired: '(select o.two_factor_required from organization o where o.id = m.organization_id)',
  requiredFrom,
  deadlineAt: 'm.deadline_at',
  exemptUntil: `(select e.expires_at from exemption e where e.organization_id = m.organization_id and e.user_id = m.user_id and e.ended_at is null)`,
};

export const memberColumns = `m.organization_id, u.id, u.display_name, u.email, u.two_factor_enabled, u.phishing_resistant, ${methodKindsSql('u.id')} as method_kinds, m.role, m.kind, m.joined_at, ${lastAlertedAt} as last_alerted_at,
  m.deadline_at, m.blocked_at, ${openExemption} as exemption,
  (select json_build_object('two_factor_required', o.two_factor_required, 'allowed_methods', o.allowed_methods, 'policy_changed_at', o.policy_changed_at, 'required_from', o.required_from)
   from organization o where o.id = m.organization_id) as policy`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The filter as SQL conditions and parameters, shared by the page and its count. */
function where(organizationId: string, filter: MemberFilter | null | undefined, now: Date): { clause: string; params: unknown[] } {
  const conditions = ['m.organization_id = ?'];
  const params: unknown[] = [organizationId];
  if (filter?.compliance) {
    const compliance = complianceSql(complianceColumns, now);
    conditions.push(`${compliance.sql} = ?`);
    params.push(...compliance.params, filter.compliance);
  }
  if (filter?.twoFactor) {
    conditions.push(`${sortKeys.TWO_FACTOR} = ?`);
    params.push(filter.twoFactor === 'ENABLED');
  }
  if (filter?.role) {
    conditions.push('m.role = ?');
    params.push(filter.role);
  }
  if (filter?.kind) {
    conditions.push('m.kind = ?');
    params.push(filter.kind);
  }
  const search = filter?.search?.trim();
  if (search) {
    if (search.length > Limits.maxSearchLength) throw badInput('filter.search', `Search for at most ${Limits.maxSearchLength} characters.`);
    // Same expression as the trigram index `user_search_trgm`.
    conditions.push(`lower(u.display_name || ' ' || u.email) like ?`);
    params.push(`%${escapeLike(search.toLowerCase())}%`);
  }
  return { clause: conditions.join(' and '), params };
}

/**
 * One page of members with keyset pagination: one statement for the rows; the count is a second
 * statement, run only when `totalCount` is selected.
 */
export async function queryMembers(
  em: EntityManager,
  organizationId: string,
  options: {
    first: number;
    after?: string | null;
    filter?: MemberFilter | null;
    orderBy?: MemberOrder | null;
    alertIntervalMs: number;
    now: Date;
  },
): Promise<MemberConnection> {
  const order = options.orderBy ?? { field: 'NAME', direction: 'ASC' };
  const key = sortKeys[order.field];
  const direction = order.direction === 'DESC' ? 'desc' : 'asc';
  const { clause, params } = where(organizationId, options.filter, options.now);
  const conditions = [clause];
  const pageParams = [...params];
  const cursor = decodeCursor(options.after, 2);
  if (cursor) {
    const [value, id] = cursor;
    if (typeof id !== 'string' || !isUuid(id) || !validSortValue(order.field, value)) throw badInput('after', 'This cursor is not valid.');
    const typed = order.field === 'JOINED_AT' ? `?::timestamptz` : order.field === 'TWO_FACTOR' ? `?::boolean` : `?::text`;
    conditions.push(`(${key}, u.id) ${direction === 'asc' ? '>' : '<'} (${typed}, ?::uuid)`);
    pageParams.push(value, id);
  }
  const rows = await sql<MemberRow & { sort_key: unknown }>(
    em,
    `select ${memberColumns}, ${key} as sort_key
     from membership m join "user" u on u.id = m.user_id
     where ${conditions.join(' and ')}
     order by ${key} ${direction}, u.id ${direction}
     limit ?`,
    [...pageParams, options.first + 1],
  );
  const page = rows.slice(0, options.first);
  const edges = page.map((row) => ({
    cursor: encodeCursor([row.sort_key instanceof Date ? row.sort_key.toISOString() : row.sort_key, row.id]),
    node: toMember(row, options.alertIntervalMs, options.now),
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > options.first, endCursor: edges.at(-1)?.cursor ?? null },
    countTotal: async () => {
      const [row] = await sql<{ count: string }>(
        em,
        `select count(*) as count from membership m join "user" u on u.id = m.user_id where ${clause}`,
        params,
      );
      return Number(row?.count ?? 0);
    },
  };
}

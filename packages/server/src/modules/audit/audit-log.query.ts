import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../core/database/sql.js';
import { badInput, validId } from '../../core/errors.js';
import { decodeCursor, encodeCursor } from '../../core/graphql/pagination.js';
import type { AuditAction } from './audit-action.js';
import type { AuditLogConnection, AuditLogEntry, AuditLogFilter } from './audit.types.js';

interface Row {
  id: string;
  action: AuditAction;
  at: Date;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_name: string | null;
  target_user_id: string | null;
  target_name: string | null;
  data: Record<string, unknown> | string;
}

/** The organization's audit log, newest first, with keyset pagination on the event id. */
export async function queryAuditLog(
  em: EntityManager,
  organizationId: string,
  first: number,
  after: string | null | undefined,
  filter: AuditLogFilter | null | undefined,
): Promise<AuditLogConnection> {
  const conditions = ['e.organization_id = ?'];
  const params: unknown[] = [organizationId];
  const cursor = decodeCursor(after, 1);
  if (cursor) {
    // An event id is a bigint: at most 18 digits keeps a forged one inside its range.
    if (typeof cursor[0] !== 'string' || !/^\d{1,18}$/.test(cursor[0])) throw badInput('after', 'This cursor is not valid.');
    conditions.push('e.id < ?::bigint');
    params.push(cursor[0]);
  }
  if (filter?.actions?.length) {
    conditions.push(`e.action in (${filter.actions.map(() => '?').join(', ')})`);
    params.push(...filter.actions);
  }
  if (filter?.targetUserId) {
    conditions.push('e.target_user_id = ?');
    params.push(validId(filter.targetUserId, 'filter.targetUserId'));
  }
  if (filter?.from && filter.to && filter.from >= filter.to) throw badInput('filter.to', 'The end of the range must come after its start.');
  if (filter?.from) {
    conditions.push('e.at >= ?');
    params.push(filter.from);
  }
  if (filter?.to) {
    conditions.push('e.at < ?');
    params.push(filter.to);
  }
  const rows = await sql<Row>(em, `${entrySelect} where ${conditions.join(' and ')} order by e.id desc limit ?`, [...params, first + 1]);
  const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor([row.id]), node: toEntry(row) }));
  return { edges, hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null };
}

/** One entry of the organization's log, or undefined when there is none with this id there. */
export async function auditLogEntry(em: EntityManager, organizationId: string, id: string): Promise<AuditLogEntry | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const [row] = await sql<Row>(em, `${entrySelect} where e.organization_id = ? and e.id = ?::bigint`, [organizationId, id]);
  return row ? toEntry(row) : undefined;
}

const entrySelect = `select e.id::text as id, e.action, e.at, e.actor_user_id, e.actor_token_id, coalesce(au.display_name, at.name) as actor_name,
     e.target_user_id, tu.display_name as target_name, e.data
   from audit_event e
   left join "user" au on au.id = e.actor_user_id
   left join integration_token at on at.id = e.actor_token_id
   left join "user" tu on tu.id = e.target_user_id`;

function toEntry(row: Row): AuditLogEntry {
  return {
    id: row.id,
    action: row.action,
    at: new Date(row.at),
    actor:
      row.actor_user_id || row.actor_token_id
        ? { userId: row.actor_user_id, tokenId: row.actor_token_id, name: row.actor_name ?? 'Deleted' }
        : null,
    target: row.target_user_id ? { userId: row.target_user_id, tokenId: null, name: row.target_name ?? 'Deleted account' } : null,
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data,
  };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { queryAuditLog, type AuditLogFilter } from '../audit/index.js';
import { ALERT_INTERVAL_MS, queryMembers, type MemberFilter } from '../organizations/index.js';
import { auditCells } from './audit-columns.js';
import { memberCells } from './member-columns.js';

/**
 * Rows per statement: keyset pages through the owners' own queries (the member list's and the
 * audit log's), so an export holds one page in memory whatever the organization's size, and the
 * next page is read only when the response has taken the last one (backpressure).
 */
export const EXPORT_PAGE_SIZE = 1000;

/** The organization's members matching the filter, in the member list's order (name, then id), as CSV rows. */
export async function* memberPages(
  em: EntityManager,
  organizationId: string,
  filter: MemberFilter,
  now: Date,
): AsyncGenerator<string[][], void, undefined> {
  let after: string | null = null;
  for (;;) {
    const page = await queryMembers(em, organizationId, {
      first: EXPORT_PAGE_SIZE,
      after,
      filter,
      alertIntervalMs: ALERT_INTERVAL_MS,
      // One moment for the whole file: every row's compliance is judged at the same time.
      now,
    });
    yield page.edges.map((edge) => memberCells(edge.node));
    if (!page.pageInfo.hasNextPage) return;
    after = page.pageInfo.endCursor;
  }
}

/** The organization's audit log matching the filter, newest first, as CSV rows. */
export async function* auditPages(
  em: EntityManager,
  organizationId: string,
  filter: AuditLogFilter,
): AsyncGenerator<string[][], void, undefined> {
  let after: string | null = null;
  for (;;) {
    const page = await queryAuditLog(em, organizationId, EXPORT_PAGE_SIZE, after, filter);
    yield page.edges.map((edge) => auditCells(edge.node));
    if (!page.hasNextPage) return;
    after = page.endCursor;
  }
}

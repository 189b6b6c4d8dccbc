import type { AuditEntryFragment, AuditLogFilter } from '../../gql/graphql';

/** Whether a live entry belongs in the list shown with `filter` (the server's rules: actions, then target). */
export function matchesAuditFilter(entry: AuditEntryFragment, filter: AuditLogFilter): boolean {
  if (filter.actions?.length && !filter.actions.includes(entry.action)) return false;
  if (filter.targetUserId && entry.target?.userId !== filter.targetUserId) return false;
  return true;
}

/**
 * Newest first, as the log pages: by event id, a bigint sent as a string of digits (compared by
 * length, then digit by digit, so ids past 2^53 order right too).
 */
export function newestFirst(a: AuditEntryFragment, b: AuditEntryFragment): number {
  if (a.id.length !== b.id.length) return b.id.length - a.id.length;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The live entries on top of the loaded pages, each once. Entries commit in an order that need
 * not be their ids' order, and a page asked again may hold some that also came live: sorting the
 * union keeps the list in the order the next page continues.
 */
export function mergeAuditEntries(live: readonly AuditEntryFragment[], loaded: readonly AuditEntryFragment[]): AuditEntryFragment[] {
  if (live.length === 0) return [...loaded];
  const seen = new Set<string>();
  const all: AuditEntryFragment[] = [];
  for (const entry of [...live, ...loaded]) {
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    all.push(entry);
  }
  return all.sort(newestFirst);
}

/** "1 new event", "3 new events". */
export const newEventsLabel = (count: number): string => `${count} new ${count === 1 ? 'event' : 'events'}`;

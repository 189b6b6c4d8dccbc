import type { AuditLogEntry } from '../audit/index.js';

/**
 * The audit export's columns, in order (docs/api.md, "Exports"). Names are read at export time, as
 * the API reads them; `details` is the event's data as JSON. A shipped column name is permanent.
 */
export const auditColumns = [
  'id',
  'at',
  'action',
  'actor',
  'actor_user_id',
  'actor_token_id',
  'target',
  'target_user_id',
  'details',
] as const;

/** One audit event as a row of `auditColumns`. */
export function auditCells(entry: AuditLogEntry): string[] {
  return [
    entry.id,
    entry.at.toISOString(),
    entry.action,
    entry.actor?.name ?? '',
    entry.actor?.userId ?? '',
    entry.actor?.tokenId ?? '',
    entry.target?.name ?? '',
    entry.target?.userId ?? '',
    JSON.stringify(entry.data),
  ];
}

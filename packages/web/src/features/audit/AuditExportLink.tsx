import { Download } from 'lucide-react';
import type { AuditLogFilter } from '../../gql/graphql';

/**
 * The audit export (`GET /export/audit.csv`, docs/api.md "Exports") of what `filter` lists: the
 * same actions and member, every page, newest first. A plain same-origin link: the session cookie
 * goes with it and the browser streams the file to disk.
 */
export function auditExportUrl(organizationId: string, filter: AuditLogFilter): string {
  const query = new URLSearchParams({ organizationId });
  if (filter.actions?.length) query.set('action', filter.actions.join(','));
  if (filter.targetUserId) query.set('targetUserId', filter.targetUserId);
  return `/export/audit.csv?${query.toString()}`;
}

/** "Export CSV": every event the log's filter matches, not only those loaded. Not offered when none does. */
export function AuditExportLink({ organizationId, filter, empty }: { organizationId: string; filter: AuditLogFilter; empty: boolean }) {
  if (empty) return null;
  const filtered = Object.keys(filter).length > 0;
  return (
    <a
      className="btn btn--secondary"
      href={auditExportUrl(organizationId, filter)}
      download
      title={`Exports ${filtered ? 'every event matching this filter' : 'the whole audit log'}, newest first, as CSV for a spreadsheet`}
    >
      <Download size={16} aria-hidden="true" />
      Export CSV
    </a>
  );
}

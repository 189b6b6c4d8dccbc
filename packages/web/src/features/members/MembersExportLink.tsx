import { Download } from 'lucide-react';
import type { MemberFilter } from '../../gql/graphql';
import { membersExportUrl } from './member-list-params';

/**
 * "Export CSV": every member the list's filter and search match, on all its pages, as a link the
 * browser downloads itself (no file held in the page's memory). Not offered when nothing matches.
 */
export function MembersExportLink({
  organizationId,
  filter,
  matching,
}: {
  organizationId: string;
  filter: MemberFilter;
  /** How many the list counts with this filter, once loaded. */
  matching: number | undefined;
}) {
  if (matching === 0) return null;
  const filtered = Object.keys(filter).length > 0;
  const count = matching === undefined ? '' : ` (${matching})`;
  const which = filtered ? `every member matching these filters${count}` : `every member${count}`;
  return (
    <a
      className="btn btn--secondary"
      href={membersExportUrl(organizationId, filter)}
      download
      title={`Exports ${which}, by name, as CSV for a spreadsheet`}
    >
      <Download size={16} aria-hidden="true" />
      Export CSV
    </a>
  );
}

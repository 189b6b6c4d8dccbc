import type { AuditEntryFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { describeAuditEntry } from '../audit/audit-labels';
import { ScrollTable } from './ScrollTable';

/** Audit entries as a table: when, what, who; or `empty` said plainly. */
export function EvidenceEntries({ entries, caption, empty }: { entries: readonly AuditEntryFragment[]; caption: string; empty: string }) {
  if (entries.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ScrollTable label={caption}>
      <table className="table evidence-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What happened</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="evidence-table__when">{formatDateTime(entry.at)}</td>
              <td>{describeAuditEntry(entry)}</td>
              <td>{entry.actor?.name ?? 'Twostep'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

import type { HistoryPointFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';

/** The counts in force at one end of the range, as a small definition list. */
export function EvidenceCounts({ title, at, point }: { title: string; at: string; point: HistoryPointFragment | null }) {
  return (
    <div className="evidence-counts" data-testid={`evidence-${title.toLowerCase().replace(/\W+/g, '-')}`}>
      <h3 className="evidence-counts__title">
        {title} <span className="muted small">({formatDateTime(at)})</span>
      </h3>
      {!point ? (
        <p className="muted">Nothing recorded yet at that moment.</p>
      ) : (
        <>
          <p className="evidence-counts__percent">{point.compliancePercent}% compliant</p>
          <dl className="evidence-counts__list">
            <dt>Members</dt>
            <dd>{point.members}</dd>
            <dt>Compliant</dt>
            <dd>{point.compliant}</dd>
            <dt>Exempt</dt>
            <dd>{point.exempt}</dd>
            <dt>In their window</dt>
            <dd>{point.inWindow}</dd>
            <dt>Not compliant</dt>
            <dd>{point.nonCompliant}</dd>
            <dt>Blocked</dt>
            <dd>{point.blocked}</dd>
            <dt>2FA required</dt>
            <dd>{point.required ? 'Yes' : 'No'}</dd>
          </dl>
        </>
      )}
    </div>
  );
}

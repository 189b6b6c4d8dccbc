import { useQuery } from '@apollo/client/react';
import { ShieldCheck, ShieldOff } from 'lucide-react';
import { PolicyHistoryDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDateTime } from '../../lib/format';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';

/** Every switch of the requirement, from the audit log (newest first). */
export function PolicyHistory({ organizationId }: { organizationId: string }) {
  const { data, error } = useQuery(PolicyHistoryDocument, { variables: { id: organizationId } });
  const entries = data?.organization.auditLog.edges.map((edge) => edge.node);
  return (
    <Section title="History of changes" description="Who switched the requirement, and when.">
      {!entries ? (
        error ? (
          <Notice tone="error">{describeError(error).message}</Notice>
        ) : (
          <LoadingState label="Loading the history…" />
        )
      ) : entries.length === 0 ? (
        <p className="muted">The requirement was never switched on.</p>
      ) : (
        <ol className="list" aria-label="Changes of the requirement">
          {entries.map((entry) => {
            const on = entry.action === 'REQUIREMENT_ENABLED';
            return (
              <li key={entry.id} className="list__item">
                {on ? (
                  <ShieldCheck className="list__icon is-good" size={20} aria-hidden="true" />
                ) : (
                  <ShieldOff className="list__icon" size={20} aria-hidden="true" />
                )}
                <div className="list__main">
                  <span className="list__title">{on ? 'Required' : 'No longer required'}</span>
                  <span className="muted small">
                    by {entry.actor?.name ?? 'the system'} · {formatDateTime(entry.at)}
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

import type { AlertItemFragment, AlertState } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { alertStateLabels } from '../members/member-labels';

const tones: Record<AlertState, 'info' | 'success' | 'danger'> = { QUEUED: 'info', SENT: 'success', FAILED: 'danger' };

/** The alerts this organization sent the member, newest first, with their delivery state. */
export function AlertHistory({ alerts }: { alerts: AlertItemFragment[] }) {
  if (alerts.length === 0) return <p className="muted small">No alert was sent to this member yet.</p>;
  return (
    <ol className="list alert-history" aria-label="Alerts sent">
      {alerts.map((alert) => (
        <li key={alert.id} className="list__item">
          <div className="list__main">
            <span className="list__title">
              <Badge tone={tones[alert.state]}>{alertStateLabels[alert.state]}</Badge> {formatDateTime(alert.createdAt)}
            </span>
            <span className="muted small">
              {alert.campaignId ? 'With "Warn all without 2FA"' : 'Sent'} by {alert.requestedBy?.name ?? 'the organization'}
              {alert.state === 'SENT' && alert.sentAt ? ` · delivered ${formatDateTime(alert.sentAt)}` : ''}
              {alert.attempts > 1 ? ` · ${alert.attempts} attempts` : ''}
            </span>
            {alert.lastError && alert.state !== 'SENT' && <span className="small field__error">Last error: {alert.lastError}</span>}
          </div>
        </li>
      ))}
    </ol>
  );
}

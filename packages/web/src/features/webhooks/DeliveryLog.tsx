import { useMutation } from '@apollo/client/react';
import { ChevronRight } from 'lucide-react';
import { useId, useState } from 'react';
import { RedeliverWebhookDocument, WebhookEndpointsDocument, type WebhookDeliveryRowFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { DeliveryDetails, HttpStatus } from './DeliveryDetails';
import { deliveryBadge, formatLogTime, nextTry } from './delivery-labels';
import { describeWebhookActionError } from './webhook-errors';

const columns = 7;

/**
 * An endpoint's latest deliveries, newest first: the event, when, its state, attempts, the last
 * HTTP status and the next try; a row opens on its attempts and payload. A delivery that is not
 * waiting for a try can be sent again (same `webhook-id`).
 */
export function DeliveryLog({
  deliveries,
  endpointEnabled,
  canManage,
  onMessage,
}: {
  deliveries: WebhookDeliveryRowFragment[];
  endpointEnabled: boolean;
  canManage: boolean;
  onMessage: (message: { tone: 'success' | 'error'; text: string }) => void;
}) {
  const now = useNow(
    1000,
    deliveries.some((d) => d.state === 'PENDING'),
  );
  const [redeliver] = useMutation(RedeliverWebhookDocument, { refetchQueries: [WebhookEndpointsDocument] });
  const [sending, setSending] = useState<string | null>(null);

  const send = async (delivery: WebhookDeliveryRowFragment): Promise<void> => {
    setSending(delivery.id);
    try {
      await redeliver({ variables: { input: { deliveryId: delivery.id } } });
      onMessage({ tone: 'success', text: `The ${delivery.eventType} event is sent again, with the same webhook-id.` });
    } catch (caught) {
      onMessage({ tone: 'error', text: describeWebhookActionError(caught) });
    }
    setSending(null);
  };

  if (deliveries.length === 0) {
    return <p className="muted small">Nothing was sent yet. Send a test event to see a delivery here.</p>;
  }
  return (
    <div className="table-wrap delivery-log-wrap">
      <table className="table delivery-log">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">When</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last status</th>
            <th scope="col">Next try</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <DeliveryRows
              key={delivery.id}
              delivery={delivery}
              now={now}
              endpointEnabled={endpointEnabled}
              canRedeliver={canManage && (delivery.state !== 'PENDING' || (endpointEnabled && delivery.attempts > 0))}
              sending={sending === delivery.id}
              onRedeliver={() => void send(delivery)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeliveryRows({
  delivery,
  now,
  endpointEnabled,
  canRedeliver,
  sending,
  onRedeliver,
}: {
  delivery: WebhookDeliveryRowFragment;
  now: number;
  endpointEnabled: boolean;
  canRedeliver: boolean;
  sending: boolean;
  onRedeliver: () => void;
}) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const badge = deliveryBadge(delivery);
  const when = formatLogTime(delivery.createdAt, now);
  return (
    <>
      <tr className={open ? 'delivery is-open' : 'delivery'} data-state={delivery.state} data-event-id={delivery.eventId}>
        <td>
          <button
            type="button"
            className="delivery__toggle"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            onClick={() => setOpen((was) => !was)}
          >
            <ChevronRight size={16} aria-hidden="true" className="delivery__chevron" />
            <code>{delivery.eventType}</code>
            <span className="visually-hidden">, attempts and payload</span>
          </button>
        </td>
        <td>
          <time dateTime={delivery.createdAt} title={formatDateTime(delivery.createdAt)}>
            {when}
          </time>
        </td>
        <td>
          <Badge tone={badge.tone}>{badge.label}</Badge>
        </td>
        <td>{delivery.attempts}</td>
        <td>{delivery.attempts === 0 ? <span className="muted">—</span> : <HttpStatus status={delivery.lastStatus} />}</td>
        <td className="delivery__next">
          {delivery.state !== 'PENDING' ? (
            <span className="muted">—</span>
          ) : !endpointEnabled ? (
            'When the endpoint is switched on'
          ) : delivery.nextAttemptAt ? (
            <NextTry iso={delivery.nextAttemptAt} now={now} />
          ) : (
            'Now'
          )}
        </td>
        <td className="delivery__actions">
          {canRedeliver && (
            // A delivery waiting for its next try can be tried now (the receiver was fixed); others are sent once more.
            <Button
              size="small"
              busy={sending}
              onClick={onRedeliver}
              aria-label={
                delivery.state === 'PENDING' ? `Retry now: the delivery from ${when}` : `Redeliver ${delivery.eventType} from ${when}`
              }
            >
              {delivery.state === 'PENDING' ? 'Retry now' : 'Redeliver'}
            </Button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="delivery-details-row">
          <td colSpan={columns} id={detailsId}>
            <DeliveryDetails delivery={delivery} now={now} />
          </td>
        </tr>
      )}
    </>
  );
}

function NextTry({ iso, now }: { iso: string; now: number }) {
  const { at, soon } = nextTry(iso, now);
  return (
    <time dateTime={iso}>
      {at} <span className="delivery__soon">({soon})</span>
    </time>
  );
}

import { useMutation } from '@apollo/client/react';
import { ChevronRight } from 'lucide-react';
import { useId, useState } from 'react';
import {
  SendTestWebhookDocument,
  UpdateWebhookEndpointDocument,
  WebhookEndpointsDocument,
  type WebhookEndpointsQuery,
} from '../../gql/graphql';
import { formatDate, formatDateTime, formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { DeliveryLog } from './DeliveryLog';
import { EndpointDialogs, type EndpointDialogKind } from './EndpointDialogs';
import { EventTypeList } from './EventTypeList';
import { deliveryBadge, endpointBadge } from './delivery-labels';
import { describeWebhookActionError } from './webhook-errors';

export type EndpointWithDeliveries = WebhookEndpointsQuery['organization']['webhookEndpoints'][number];
type Message = { tone: 'success' | 'error'; text: string };

/**
 * One endpoint: its address, state and events; what can be done to it (for those who manage);
 * and its delivery log, opened on demand and by a test event.
 */
export function EndpointCard({
  endpoint,
  canManage,
  onDeleted,
}: {
  endpoint: EndpointWithDeliveries;
  canManage: boolean;
  onDeleted: (message: string) => void;
}) {
  const titleId = useId();
  const logId = useId();
  const [message, setMessage] = useState<Message | null>(null);
  const [dialog, setDialog] = useState<EndpointDialogKind | null>(null);
  const [logOpen, setLogOpen] = useState(false);
  const refetch = { refetchQueries: [WebhookEndpointsDocument], awaitRefetchQueries: true };
  const [sendTest, { loading: testing }] = useMutation(SendTestWebhookDocument, refetch);
  const [update, { loading: switching }] = useMutation(UpdateWebhookEndpointDocument, refetch);
  const badge = endpointBadge(endpoint);
  const latest = endpoint.deliveries[0];
  const previousSecretUntil =
    endpoint.previousSecretExpiresAt && new Date(endpoint.previousSecretExpiresAt).getTime() > Date.now()
      ? endpoint.previousSecretExpiresAt
      : null;

  const test = async (): Promise<void> => {
    setMessage(null);
    try {
      await sendTest({ variables: { input: { id: endpoint.id } } });
      setLogOpen(true);
      setMessage({ tone: 'success', text: 'A test event (webhook.test) is on its way; its delivery shows in the log below.' });
    } catch (caught) {
      setMessage({ tone: 'error', text: describeWebhookActionError(caught) });
    }
  };

  const switchOn = async (): Promise<void> => {
    setMessage(null);
    try {
      await update({ variables: { input: { id: endpoint.id, enabled: true } } });
      setMessage({ tone: 'success', text: 'The endpoint is on again: new events go to it, and waiting deliveries resume.' });
    } catch (caught) {
      setMessage({ tone: 'error', text: describeWebhookActionError(caught) });
    }
  };

  return (
    <section className="card endpoint" aria-labelledby={titleId} data-endpoint-id={endpoint.id}>
      <div className="endpoint__header">
        <h2 className="endpoint__url" id={titleId}>
          {endpoint.url}
        </h2>
        <Badge tone={badge.tone}>{badge.label}</Badge>
      </div>
      <div className="endpoint__facts">
        {endpoint.description && <p className="endpoint__description">{endpoint.description}</p>}
        <EventTypeList types={endpoint.eventTypes} />
        <p className="muted small">
          Added {formatDate(endpoint.createdAt)} by {endpoint.createdBy?.name ?? 'a former member'}
          {previousSecretUntil && ` · the previous secret also signs until ${formatDateTime(previousSecretUntil)}`}
        </p>
      </div>
      {!endpoint.enabled && endpoint.disabledAt && (
        <Notice tone="error" title="Switched off after 24 hours of failures" live={false}>
          <p>
            Every attempt failed from {endpoint.failingSince ? formatDateTime(endpoint.failingSince) : 'a day before'} on, so Twostep
            switched the endpoint off on {formatDateTime(endpoint.disabledAt)} and mailed the administrators. No events are sent to it while
            it is off. Fix the receiver, then switch it on again: the waiting deliveries resume.
          </p>
          {canManage && (
            <Button size="small" variant="primary" busy={switching} onClick={() => void switchOn()}>
              Switch on again
            </Button>
          )}
        </Notice>
      )}
      {endpoint.enabled && endpoint.failingSince && (
        <Notice tone="warning" title={`Failing since ${formatDateTime(endpoint.failingSince)}`} live={false}>
          Every attempt since then failed; Twostep keeps retrying. After 24 hours of failures it switches the endpoint off and mails the
          administrators. The delivery log says why each attempt failed.
        </Notice>
      )}
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      {canManage && (
        <div className="button-row">
          {endpoint.enabled && (
            <Button size="small" variant="primary" busy={testing} onClick={() => void test()}>
              Send a test event
            </Button>
          )}
          <Button size="small" onClick={() => setDialog('edit')}>
            Edit
          </Button>
          {endpoint.enabled ? (
            <Button size="small" onClick={() => setDialog('switch-off')}>
              Switch off
            </Button>
          ) : (
            !endpoint.disabledAt && (
              <Button size="small" busy={switching} onClick={() => void switchOn()}>
                Switch on
              </Button>
            )
          )}
          <Button size="small" onClick={() => setDialog('rotate')}>
            Rotate the secret
          </Button>
          <Button size="small" variant="danger" onClick={() => setDialog('delete')}>
            Delete
          </Button>
        </div>
      )}
      <div className="endpoint__log">
        <h3 className="endpoint__log-title">
          <button
            type="button"
            className="disclosure"
            aria-expanded={logOpen}
            aria-controls={logOpen ? logId : undefined}
            onClick={() => setLogOpen(!logOpen)}
          >
            <ChevronRight size={18} aria-hidden="true" className="disclosure__chevron" />
            Delivery log
          </button>
        </h3>
        <span className="muted small">
          {latest
            ? `Latest: ${latest.eventType}, ${deliveryBadge(latest).label.toLowerCase()}, ${formatRelative(latest.createdAt)}`
            : 'Nothing sent yet'}
        </span>
      </div>
      {logOpen && (
        <div id={logId}>
          <DeliveryLog deliveries={endpoint.deliveries} endpointEnabled={endpoint.enabled} canManage={canManage} onMessage={setMessage} />
        </div>
      )}
      {dialog && (
        <EndpointDialogs kind={dialog} endpoint={endpoint} onMessage={setMessage} onDeleted={onDeleted} onClose={() => setDialog(null)} />
      )}
    </section>
  );
}

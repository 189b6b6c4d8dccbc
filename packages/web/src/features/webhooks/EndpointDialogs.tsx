import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import {
  DeleteWebhookEndpointDocument,
  UpdateWebhookEndpointDocument,
  WebhookEndpointsDocument,
  type WebhookEndpointRowFragment,
} from '../../gql/graphql';
import { ConfirmDialog } from './ConfirmDialog';
import { EndpointDialog } from './EndpointDialog';
import { RotateSecretDialog } from './RotateSecretDialog';
import { describeWebhookActionError } from './webhook-errors';

export type EndpointDialogKind = 'edit' | 'rotate' | 'switch-off' | 'delete';

/** The dialog an endpoint's action opened: edit, rotate the secret, or confirm switching off or deleting. */
export function EndpointDialogs({
  kind,
  endpoint,
  onMessage,
  onDeleted,
  onClose,
}: {
  kind: EndpointDialogKind;
  endpoint: WebhookEndpointRowFragment;
  onMessage: (message: { tone: 'success' | 'error'; text: string }) => void;
  onDeleted: (message: string) => void;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const refetch = { refetchQueries: [WebhookEndpointsDocument], awaitRefetchQueries: true };
  const [update, { loading: switching }] = useMutation(UpdateWebhookEndpointDocument, refetch);
  const [remove, { loading: deleting }] = useMutation(DeleteWebhookEndpointDocument, refetch);

  const switchOff = async (): Promise<void> => {
    setError(null);
    try {
      await update({ variables: { input: { id: endpoint.id, enabled: false } } });
      onMessage({ tone: 'success', text: 'The endpoint is switched off: no events go to it until it is switched on.' });
      onClose();
    } catch (caught) {
      setError(describeWebhookActionError(caught));
    }
  };

  const confirmDelete = async (): Promise<void> => {
    setError(null);
    try {
      await remove({ variables: { input: { id: endpoint.id } } });
      onDeleted(`The endpoint ${endpoint.url} is deleted, with its delivery log.`);
    } catch (caught) {
      setError(describeWebhookActionError(caught));
    }
  };

  switch (kind) {
    case 'edit':
      return <EndpointDialog endpoint={endpoint} onClose={onClose} onSaved={(text) => onMessage({ tone: 'success', text })} />;
    case 'rotate':
      return <RotateSecretDialog endpoint={endpoint} onClose={onClose} />;
    case 'switch-off':
      return (
        <ConfirmDialog
          title="Switch off the endpoint?"
          description={
            <>
              No events go to <code className="endpoint-url-inline">{endpoint.url}</code> while it is off, and the events of that time are
              not kept for it. Deliveries already waiting resume when it is switched on again.
            </>
          }
          keepLabel="Keep it on"
          confirmLabel="Switch off"
          busy={switching}
          error={error}
          onConfirm={() => void switchOff()}
          onClose={onClose}
        />
      );
    case 'delete':
      return (
        <ConfirmDialog
          title="Delete the endpoint?"
          description={
            <>
              <code className="endpoint-url-inline">{endpoint.url}</code> receives no more events, and its delivery log is deleted with it.
              To pause it instead, switch it off.
            </>
          }
          keepLabel="Keep it"
          confirmLabel="Delete the endpoint"
          danger
          busy={deleting}
          error={error}
          onConfirm={() => void confirmDelete()}
          onClose={onClose}
        />
      );
  }
}

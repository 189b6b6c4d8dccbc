import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { RotateWebhookSecretDocument, type WebhookEndpointRowFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { SecretShownOnce } from './SecretShownOnce';
import { describeWebhookActionError } from './webhook-errors';

/**
 * Asks first, then shows the new signing secret once. The previous secret keeps signing beside it
 * for 24 hours, so the receiver can be updated without losing an event.
 */
export function RotateSecretDialog({ endpoint, onClose }: { endpoint: WebhookEndpointRowFragment; onClose: () => void }) {
  const [rotated, setRotated] = useState<{ secret: string; previousUntil: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rotate, { loading }] = useMutation(RotateWebhookSecretDocument);

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      const { data } = await rotate({ variables: { input: { id: endpoint.id } } });
      if (data) {
        const { secret, endpoint: after } = data.rotateWebhookSecret;
        setRotated({ secret, previousUntil: after.previousSecretExpiresAt });
      }
    } catch (caught) {
      setError(describeWebhookActionError(caught));
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(next) => !next && !rotated && onClose()}
      dismissible={!rotated}
      busy={loading}
      title={rotated ? 'Copy the new signing secret now' : 'Rotate the signing secret?'}
      description={
        rotated ? undefined : (
          <>
            Deliveries to <code className="endpoint-url-inline">{endpoint.url}</code> are signed with a new secret from now on. The current
            secret keeps signing beside it for 24 hours, so there is a day to give the receiver the new one.
          </>
        )
      }
    >
      {rotated ? (
        <SecretShownOnce secret={rotated.secret} onDone={onClose}>
          {rotated.previousUntil && (
            <p className="small">
              The previous secret works until <strong>{formatDateTime(rotated.previousUntil)}</strong>; after that, only this one does.
            </p>
          )}
        </SecretShownOnce>
      ) : (
        <div className="stack">
          {error && <Notice tone="error">{error}</Notice>}
          <div className="form-row form-row--end">
            <Button onClick={onClose} disabled={loading}>
              Keep the current secret
            </Button>
            <Button variant="primary" busy={loading} onClick={() => void confirm()}>
              Rotate the secret
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

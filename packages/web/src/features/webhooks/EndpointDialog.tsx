import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Limits } from '@twostep/shared';
import {
  CreateWebhookEndpointDocument,
  UpdateWebhookEndpointDocument,
  WebhookEndpointsDocument,
  type WebhookEndpointRowFragment,
  type WebhookEventType,
} from '../../gql/graphql';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { TextField } from '../../ui/TextField';
import { EventTypeChooser } from './EventTypeChooser';
import { SecretShownOnce } from './SecretShownOnce';
import { describeWebhookError, type WebhookFormError } from './webhook-errors';

/**
 * Adds an endpoint (its signing secret then shown here, once) or edits one: its URL, a description
 * and the events it receives. The server checks the URL; its refusal is said beside the field.
 * Rendered only while open, so each opening starts from the endpoint as it is now.
 */
export function EndpointDialog({
  organizationId,
  endpoint,
  onClose,
  onSaved,
}: {
  onClose: () => void;
  onSaved: (message: string) => void;
} & (
  | { organizationId: string; endpoint?: undefined }
  | {
      organizationId?: undefined;
      /** The endpoint to edit. */
      endpoint: WebhookEndpointRowFragment;
    }
)) {
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [eventTypes, setEventTypes] = useState<WebhookEventType[]>(endpoint?.eventTypes ?? []);
  const [error, setError] = useState<WebhookFormError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const refetch = { refetchQueries: [WebhookEndpointsDocument], awaitRefetchQueries: true };
  const [create, { loading: creating }] = useMutation(CreateWebhookEndpointDocument, refetch);
  const [update, { loading: updating }] = useMutation(UpdateWebhookEndpointDocument);
  const loading = creating || updating;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    const fields = { url: url.trim(), description: description.trim(), eventTypes };
    try {
      if (endpoint) {
        await update({ variables: { input: { id: endpoint.id, ...fields } } });
        onSaved('The endpoint is saved.');
        onClose();
      } else if (organizationId !== undefined) {
        const { data } = await create({ variables: { input: { organizationId, ...fields } } });
        if (data) setSecret(data.createWebhookEndpoint.secret);
      }
    } catch (caught) {
      setError(describeWebhookError(caught));
    }
  };

  const done = (): void => {
    onSaved(`Events now go to ${url.trim()}. Send a test event to check that the receiver verifies them.`);
    onClose();
  };

  return (
    <Dialog
      open
      onOpenChange={(next) => !next && !secret && onClose()}
      dismissible={!secret}
      busy={loading}
      wide={!secret}
      title={secret ? 'Copy the signing secret now' : endpoint ? 'Edit the endpoint' : 'Add a webhook endpoint'}
      description={
        secret
          ? undefined
          : 'Twostep sends the events you choose to this address as signed JSON POST requests, and retries for a day when it does not answer.'
      }
    >
      {secret ? (
        <SecretShownOnce secret={secret} onDone={done} />
      ) : (
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
          {error && !error.formField && <Notice tone="error">{error.message}</Notice>}
          <TextField
            label="URL"
            hint="Where the receiver listens: a public address, https:// in production."
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            required
            maxLength={Limits.maxWebhookUrlLength}
            placeholder="https://example.com/twostep-events"
            autoFocus
            value={url}
            error={error?.formField === 'url' ? error.message : undefined}
            onChange={(event) => {
              setUrl(event.target.value);
              // The refusal was about the address as it was; a changed one is judged on the next try.
              if (error?.formField === 'url') setError(null);
            }}
          />
          <TextField
            label="Description (optional)"
            hint="What receives the events, like “Ticketing”."
            maxLength={Limits.maxWebhookDescriptionLength}
            value={description}
            error={error?.formField === 'description' ? error.message : undefined}
            onChange={(event) => setDescription(event.target.value)}
          />
          <EventTypeChooser
            value={eventTypes}
            onChange={setEventTypes}
            error={error?.formField === 'eventTypes' ? error.message : undefined}
          />
          <div className="form-row form-row--end">
            <Button onClick={onClose} disabled={loading}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={loading} disabled={!url.trim() || eventTypes.length === 0}>
              {endpoint ? 'Save the changes' : 'Add the endpoint'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

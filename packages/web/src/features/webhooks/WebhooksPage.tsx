import { useQuery } from '@apollo/client/react';
import { Plus, Webhook } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useViewer } from '../../app/viewer-context';
import { WebhookEndpointsDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { PageHeading } from '../../ui/PageHeading';
import { AdministratorsOnly } from '../organizations/AdministratorsOnly';
import { useMembership } from '../organizations/use-membership';
import { EndpointCard } from './EndpointCard';
import { EndpointDialog } from './EndpointDialog';

/** The delivery log follows the workers while the page is open (a test event shows up within seconds). */
const pollMs = 3000;
const deliveriesShown = 25;

export function WebhooksPage() {
  return (
    <AdministratorsOnly title="Webhooks">
      <WebhooksScreen />
    </AdministratorsOnly>
  );
}

/**
 * The organization's webhook endpoints: each with its state, events and delivery log; add one
 * (its secret shown once), edit, switch off and on, rotate the secret, test, delete. Managing
 * needs the viewer's own 2FA, as the API does; without it the page only reads.
 */
function WebhooksScreen() {
  const { organization } = useMembership();
  const viewer = useViewer();
  useDocumentTitle(`Webhooks · ${organization.name}`);
  const canManage = viewer.twoFactorEnabled;
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const { data, error, refetch } = useQuery(WebhookEndpointsDocument, {
    variables: { id: organization.id, deliveries: deliveriesShown },
    pollInterval: pollMs,
    // A hidden tab asks nothing; the next poll after it shows again catches up.
    skipPollAttempt: () => document.hidden,
  });
  const endpoints = data?.organization.webhookEndpoints;

  return (
    <div className="page">
      <PageHeading
        description="Twostep POSTs the organization’s events to these addresses as they happen, signed so the receiver can check they come from it."
        actions={
          canManage && (
            <Button variant="primary" icon={<Plus size={16} aria-hidden="true" />} onClick={() => setAdding(true)}>
              Add an endpoint
            </Button>
          )
        }
      >
        Webhooks
      </PageHeading>
      {!canManage && (
        <Notice tone="info" live={false}>
          Managing webhooks needs two-step verification on your own account; until then this page only shows them.{' '}
          <Link to="/account" className="text-link">
            Set it up in My account
          </Link>
        </Notice>
      )}
      {message && <Notice tone="success">{message}</Notice>}
      {!endpoints ? (
        <div className="card">
          {error ? (
            <Notice tone="error" title="The webhooks could not load">
              {describeError(error).message}{' '}
              <Button size="small" onClick={() => void refetch().catch(() => undefined)}>
                Try again
              </Button>
            </Notice>
          ) : (
            <LoadingState label="Loading the webhooks…" />
          )}
        </div>
      ) : endpoints.length === 0 ? (
        <div className="card">
          <EmptyState icon={<Webhook size={32} />} title="No webhook endpoints yet">
            <p>Add one to tell another system at once when a member is blocked, an exemption ends or the requirement changes.</p>
          </EmptyState>
        </div>
      ) : (
        endpoints.map((endpoint) => <EndpointCard key={endpoint.id} endpoint={endpoint} canManage={canManage} onDeleted={setMessage} />)
      )}
      {adding && <EndpointDialog organizationId={organization.id} onClose={() => setAdding(false)} onSaved={(text) => setMessage(text)} />}
    </div>
  );
}

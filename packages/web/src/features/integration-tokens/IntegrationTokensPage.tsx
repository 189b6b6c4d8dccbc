import { useMutation, useQuery } from '@apollo/client/react';
import { KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import { useViewer } from '../../app/viewer-context';
import {
  IntegrationTokensDocument,
  RevokeIntegrationTokenDocument,
  type IntegrationTokenRowFragment,
  type IntegrationTokenState,
} from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDate, formatRelative } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { PageHeading } from '../../ui/PageHeading';
import { AdministratorsOnly } from '../organizations/AdministratorsOnly';
import { useMembership } from '../organizations/use-membership';
import { CreateTokenDialog } from './CreateTokenDialog';
import { scopeLabels } from './scope-labels';

const stateBadges: Record<IntegrationTokenState, { label: string; tone: 'success' | 'warning' | 'neutral' }> = {
  ACTIVE: { label: 'Active', tone: 'success' },
  EXPIRED: { label: 'Expired', tone: 'warning' },
  REVOKED: { label: 'Revoked', tone: 'neutral' },
};

export function IntegrationTokensPage() {
  return (
    <AdministratorsOnly title="API tokens">
      <IntegrationTokensScreen />
    </AdministratorsOnly>
  );
}

/** The organization's API tokens: scopes, last use, expiry; create (shown once) and revoke. */
function IntegrationTokensScreen() {
  const { organization } = useMembership();
  const viewer = useViewer();
  useDocumentTitle(`API tokens · ${organization.name}`);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<IntegrationTokenRowFragment | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const { data, error, refetch } = useQuery(IntegrationTokensDocument, { variables: { organizationId: organization.id } });
  const [revoke, { loading: revokingBusy }] = useMutation(RevokeIntegrationTokenDocument, {
    refetchQueries: [IntegrationTokensDocument],
    awaitRefetchQueries: true,
  });
  const tokens = data?.integrationTokens;

  const confirmRevoke = async (token: IntegrationTokenRowFragment): Promise<void> => {
    setMessage(null);
    try {
      await revoke({ variables: { input: { organizationId: organization.id, id: token.id } } });
      setMessage({ tone: 'success', text: `“${token.name}” is revoked; it no longer works, open connections included.` });
    } catch (caught) {
      setMessage({ tone: 'error', text: describeError(caught).message });
    }
    setRevoking(null);
  };

  return (
    <div className="page">
      <PageHeading
        description="Tokens let integrations use the API for this organization, within the scopes you give them."
        actions={
          <Button variant="primary" icon={<Plus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
            Create a token
          </Button>
        }
      >
        API tokens
      </PageHeading>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <section className="card" aria-label="Token list">
        {!tokens ? (
          error ? (
            <Notice tone="error" title="The tokens could not load">
              {describeError(error).message}{' '}
              <Button size="small" onClick={() => void refetch().catch(() => undefined)}>
                Try again
              </Button>
            </Notice>
          ) : (
            <LoadingState label="Loading the tokens…" />
          )
        ) : tokens.length === 0 ? (
          <EmptyState icon={<KeyRound size={32} />} title="No API tokens yet">
            <p>Create one when an integration needs to read members, send alerts or follow events.</p>
          </EmptyState>
        ) : (
          <ul className="list">
            {tokens.map((token) => (
              <li key={token.id} className="list__item">
                <div className="list__main">
                  <span className="list__title">
                    {token.name} <Badge tone={stateBadges[token.state].tone}>{stateBadges[token.state].label}</Badge>
                  </span>
                  <span className="scopes">
                    {token.scopes.map((scope) => (
                      <code key={scope} title={scopeLabels[scope].description}>
                        {scopeLabels[scope].name}
                      </code>
                    ))}
                  </span>
                  <span className="muted small">
                    Created {formatDate(token.createdAt)} by {token.createdBy?.name ?? 'a former member'} ·{' '}
                    {token.lastUsedAt ? `last used ${formatRelative(token.lastUsedAt)}` : 'never used'}
                    {token.state === 'ACTIVE' && (token.expiresAt ? ` · expires ${formatDate(token.expiresAt)}` : ' · never expires')}
                    {token.revokedAt && ` · revoked ${formatDate(token.revokedAt)}`}
                  </span>
                </div>
                {token.state === 'ACTIVE' && (
                  <Button size="small" variant="danger" aria-label={`Revoke ${token.name}`} onClick={() => setRevoking(token)}>
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <CreateTokenDialog
        organizationId={organization.id}
        viewerHasTwoFactor={viewer.twoFactorEnabled}
        open={creating}
        onClose={() => setCreating(false)}
      />
      <Dialog
        open={!!revoking}
        onOpenChange={(next) => !next && setRevoking(null)}
        busy={revokingBusy}
        title={revoking ? `Revoke “${revoking.name}”?` : 'Revoke the token?'}
        description="It stops working at once, open connections included. The integration using it needs a new token."
      >
        <div className="form-row form-row--end">
          <Button onClick={() => setRevoking(null)} disabled={revokingBusy}>
            Keep it
          </Button>
          <Button variant="danger" busy={revokingBusy} onClick={() => revoking && void confirmRevoke(revoking)}>
            Revoke
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

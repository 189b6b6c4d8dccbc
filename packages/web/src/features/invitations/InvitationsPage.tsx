import { useMutation, useQuery } from '@apollo/client/react';
import { MailPlus, Send } from 'lucide-react';
import { useState } from 'react';
import {
  InvitationsDocument,
  ResendInvitationDocument,
  RevokeInvitationDocument,
  type InvitationRowFragment,
  type InvitationState,
} from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDate, formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { EmptyState } from '../../ui/EmptyState';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { PageHeading } from '../../ui/PageHeading';
import { SelectField } from '../../ui/SelectField';
import { AdministratorsOnly } from '../organizations/AdministratorsOnly';
import { kindLabels, roleLabels } from '../organizations/organization-labels';
import { useMembership } from '../organizations/use-membership';
import { InviteDialog } from './InviteDialog';

const stateLabels: Record<InvitationState, { label: string; tone: 'info' | 'success' | 'neutral' | 'warning' }> = {
  PENDING: { label: 'Pending', tone: 'info' },
  ACCEPTED: { label: 'Accepted', tone: 'success' },
  REVOKED: { label: 'Revoked', tone: 'neutral' },
  EXPIRED: { label: 'Expired', tone: 'warning' },
};

export function InvitationsPage() {
  return (
    <AdministratorsOnly title="Invitations">
      <InvitationsScreen />
    </AdministratorsOnly>
  );
}

function InvitationsScreen() {
  const { organization, role } = useMembership();
  useDocumentTitle(`Invitations · ${organization.name}`);
  const [state, setState] = useState<InvitationState | ''>('PENDING');
  const [inviting, setInviting] = useState(false);
  const [revoking, setRevoking] = useState<InvitationRowFragment | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const { data, error, refetch } = useQuery(InvitationsDocument, { variables: { organizationId: organization.id, state: state || null } });
  const [resend, resending] = useMutation(ResendInvitationDocument, { refetchQueries: [InvitationsDocument] });
  const [revoke, revokingState] = useMutation(RevokeInvitationDocument, { refetchQueries: [InvitationsDocument] });
  const invitations = data?.invitations;

  const act = async (id: string, run: () => Promise<unknown>, done: string): Promise<void> => {
    setMessage(null);
    setPending(id);
    try {
      await run();
      setMessage({ tone: 'success', text: done });
    } catch (caught) {
      setMessage({
        tone: 'error',
        text: describeError(caught, { CONFLICT: 'This invitation was accepted or revoked meanwhile.' }).message,
      });
    } finally {
      setPending(null);
    }
  };

  return (
    <div className="page">
      <PageHeading
        description="People invited into the organization. Links work for 7 days; an expired one can be sent again."
        actions={
          <Button variant="primary" icon={<MailPlus size={16} aria-hidden="true" />} onClick={() => setInviting(true)}>
            Invite someone
          </Button>
        }
      >
        Invitations
      </PageHeading>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <section className="card" aria-label="Invitation list">
        <div className="toolbar">
          <div className="toolbar__filters">
            <SelectField
              label="Show"
              hiddenLabel
              value={state}
              onChange={(event) => setState(event.target.value as InvitationState | '')}
              options={[
                { value: 'PENDING', label: 'Pending' },
                { value: 'EXPIRED', label: 'Expired' },
                { value: 'ACCEPTED', label: 'Accepted' },
                { value: 'REVOKED', label: 'Revoked' },
                { value: '', label: 'All invitations' },
              ]}
            />
          </div>
        </div>
        {!invitations ? (
          error ? (
            <Notice tone="error" title="The invitations could not load">
              {describeError(error).message}{' '}
              <Button size="small" onClick={() => void refetch().catch(() => undefined)}>
                Try again
              </Button>
            </Notice>
          ) : (
            <LoadingState label="Loading the invitations…" />
          )
        ) : invitations.length === 0 ? (
          <EmptyState
            icon={<Send size={32} />}
            title={state ? `No ${stateLabels[state].label.toLowerCase()} invitations` : 'Nobody was invited yet'}
          >
            <Button onClick={() => setInviting(true)}>Invite someone</Button>
          </EmptyState>
        ) : (
          <ul className="list">
            {invitations.map((invitation) => {
              const open = invitation.state === 'PENDING' || invitation.state === 'EXPIRED';
              return (
                <li key={invitation.id} className="list__item">
                  <div className="list__main">
                    <span className="list__title">
                      {invitation.email} <Badge tone={stateLabels[invitation.state].tone}>{stateLabels[invitation.state].label}</Badge>
                    </span>
                    <span className="muted small">
                      {roleLabels[invitation.role]} · {kindLabels[invitation.kind]} · invited by{' '}
                      {invitation.invitedBy?.name ?? 'the operator'} on {formatDate(invitation.createdAt)}
                      {invitation.state === 'PENDING' && ` · link works until ${formatDateTime(invitation.expiresAt)}`}
                      {invitation.acceptedAt && ` · joined ${formatDate(invitation.acceptedAt)}`}
                    </span>
                  </div>
                  {open && (
                    <div className="button-row">
                      <Button
                        size="small"
                        busy={resending.loading && pending === invitation.id}
                        aria-label={`Send the invitation to ${invitation.email} again`}
                        onClick={() =>
                          void act(
                            invitation.id,
                            () => resend({ variables: { input: { id: invitation.id } } }),
                            `A new link is on its way to ${invitation.email}.`,
                          )
                        }
                      >
                        Resend
                      </Button>
                      {invitation.state === 'PENDING' && (
                        <Button
                          size="small"
                          variant="danger"
                          aria-label={`Revoke the invitation to ${invitation.email}`}
                          onClick={() => setRevoking(invitation)}
                        >
                          Revoke
                        </Button>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <InviteDialog
        organization={organization}
        actorRole={role}
        open={inviting}
        onClose={() => setInviting(false)}
        onInvited={(email) => setMessage({ tone: 'success', text: `The invitation is on its way to ${email}.` })}
      />
      <Dialog
        open={!!revoking}
        onOpenChange={(next) => !next && setRevoking(null)}
        busy={revokingState.loading}
        title="Revoke this invitation?"
        description={revoking ? `The link sent to ${revoking.email} stops working. You can invite them again later.` : undefined}
      >
        <div className="form-row form-row--end">
          <Button onClick={() => setRevoking(null)} disabled={revokingState.loading}>
            Keep it
          </Button>
          <Button
            variant="danger"
            busy={revokingState.loading}
            onClick={() =>
              revoking &&
              void act(
                revoking.id,
                () => revoke({ variables: { input: { id: revoking.id } } }),
                `The invitation to ${revoking.email} is revoked.`,
              ).then(() => setRevoking(null))
            }
          >
            Revoke
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

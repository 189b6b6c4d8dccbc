import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorCode, Limits } from '@twostep/shared';
import { useSessionChange } from '../../app/use-session-change';
import { AcceptInvitationDocument, InvitationPreviewDocument, ShellViewerDocument, type InvitationPreviewQuery } from '../../gql/graphql';
import { describeError, errorCodeOf, type DescribedError } from '../../lib/errors/describe-error';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AuthLayout } from '../../ui/AuthLayout';
import { Button } from '../../ui/Button';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { PageHeading } from '../../ui/PageHeading';
import { TextField } from '../../ui/TextField';
import { NewPasswordFields, newPasswordProblem } from '../accounts/NewPasswordFields';
import { SignOutButton } from '../accounts/SignOutButton';
import { kindLabels, roleLabels } from '../organizations/organization-labels';

type Preview = InvitationPreviewQuery['invitationPreview'];

/**
 * The mailed link: `/invitations/accept?token=…`. A new address chooses a name and a password; an
 * existing account signs in first, then accepts. Where the organization requires 2FA and the person
 * has none, the console opens straight on the setup.
 */
export function AcceptInvitationPage() {
  useDocumentTitle('Accept the invitation');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const preview = useQuery(InvitationPreviewDocument, { variables: { token }, skip: !token, fetchPolicy: 'network-only' });
  const invitation = preview.data?.invitationPreview;

  return (
    <AuthLayout>
      {!token ? (
        <div className="stack">
          <PageHeading>This link is incomplete</PageHeading>
          <Notice tone="warning">Open the link from the invitation e-mail again, or copy all of it into the address bar.</Notice>
        </div>
      ) : !invitation ? (
        preview.error ? (
          <div className="stack">
            <PageHeading>This invitation cannot be used</PageHeading>
            <Notice tone="error">
              {
                describeError(preview.error, {
                  TOKEN_INVALID:
                    'The link has expired, was already used, or the invitation was withdrawn. Ask whoever invited you to send it again.',
                }).message
              }
            </Notice>
          </div>
        ) : (
          <LoadingState label="Opening the invitation…" />
        )
      ) : invitation.accountExists ? (
        <ExistingAccount token={token} invitation={invitation} />
      ) : (
        <NewAccount token={token} invitation={invitation} />
      )}
    </AuthLayout>
  );
}

function Summary({ invitation }: { invitation: Preview }) {
  return (
    <PageHeading
      description={
        <>
          {invitation.invitedBy ?? 'The organization'} invites <strong>{invitation.email}</strong> to join as{' '}
          {roleLabels[invitation.role].toLowerCase()} ({kindLabels[invitation.kind].toLowerCase()}). The link works until{' '}
          {formatDateTime(invitation.expiresAt)}.
        </>
      }
    >
      Join {invitation.organizationName}
    </PageHeading>
  );
}

function TwoFactorNote({ invitation }: { invitation: Preview }) {
  if (!invitation.twoFactorRequired) return null;
  return (
    <Notice tone="info" live={false}>
      {invitation.organizationName} requires two-step verification. Right after joining you set it up with an authenticator app on your
      phone.
    </Notice>
  );
}

function useJoined(): (organizationId: string) => Promise<void> {
  const navigate = useNavigate();
  const onSessionChange = useSessionChange();
  return async (organizationId) => {
    await onSessionChange();
    await navigate(`/orgs/${organizationId}`, { replace: true });
  };
}

function NewAccount({ token, invitation }: { token: string; invitation: Preview }) {
  const [accept, { loading }] = useMutation(AcceptInvitationDocument);
  const joined = useJoined();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const [error, setError] = useState<DescribedError | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setShowProblems(true);
    setError(null);
    if (!name.trim() || newPasswordProblem(password, repeat)) return;
    try {
      const { data } = await accept({ variables: { input: { token, displayName: name.trim(), password } } });
      if (data) await joined(data.acceptInvitation.organizationId);
    } catch (caught) {
      setError(describeError(caught, { CONFLICT: 'An account with this address exists now. Sign in to accept.' }));
    }
  };

  const nameError = showProblems && !name.trim() ? 'Enter your name.' : error?.field === 'displayName' ? error.message : undefined;
  return (
    <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
      <Summary invitation={invitation} />
      <TwoFactorNote invitation={invitation} />
      {error && !nameError && error.field !== 'password' && <Notice tone="error">{error.message}</Notice>}
      <TextField
        label="Your name"
        autoComplete="name"
        required
        maxLength={Limits.maxNameLength}
        value={name}
        error={nameError}
        onChange={(event) => setName(event.target.value)}
      />
      <NewPasswordFields
        password={password}
        repeat={repeat}
        onPassword={setPassword}
        onRepeat={setRepeat}
        showProblems={showProblems}
        serverError={error?.field === 'password' ? error.message : undefined}
      />
      <div className="form-row form-row--end">
        <Button type="submit" variant="primary" busy={loading}>
          Create my account and join
        </Button>
      </div>
    </form>
  );
}

function ExistingAccount({ token, invitation }: { token: string; invitation: Preview }) {
  const viewer = useQuery(ShellViewerDocument, { fetchPolicy: 'network-only' });
  const [accept, { loading }] = useMutation(AcceptInvitationDocument);
  const joined = useJoined();
  const [error, setError] = useState<string | null>(null);
  const here = `/invitations/accept?token=${encodeURIComponent(token)}`;
  const signedOut = errorCodeOf(viewer.error) === ErrorCode.UNAUTHENTICATED;
  const email = viewer.data?.viewer.email;

  const join = async (): Promise<void> => {
    setError(null);
    try {
      const { data } = await accept({ variables: { input: { token } } });
      if (data) await joined(data.acceptInvitation.organizationId);
    } catch (caught) {
      setError(
        describeError(caught, {
          CONFLICT: 'You are already a member of this organization.',
          // One home: the account is internal to another organization already.
          MEMBERSHIP_KIND:
            'Your account is already managed by another organization, and an account has only one. Ask the person who invited you to invite you again as an external member.',
        }).message,
      );
    }
  };

  return (
    <div className="stack">
      <Summary invitation={invitation} />
      <TwoFactorNote invitation={invitation} />
      {error && <Notice tone="error">{error}</Notice>}
      {!email && !signedOut ? (
        viewer.error ? (
          <Notice tone="error">{describeError(viewer.error).message}</Notice>
        ) : (
          <LoadingState label="Checking who is signed in…" />
        )
      ) : signedOut ? (
        <>
          <p>{invitation.email} already has a Twostep account. Sign in to it, and you come back here to accept.</p>
          <div className="form-row form-row--end">
            <Link to={`/sign-in?next=${encodeURIComponent(here)}`} className="btn btn--primary">
              Sign in to accept
            </Link>
          </div>
        </>
      ) : email?.toLowerCase() === invitation.email.toLowerCase() ? (
        <div className="form-row form-row--end">
          <Button variant="primary" busy={loading} onClick={() => void join()}>
            Join {invitation.organizationName}
          </Button>
        </div>
      ) : (
        <>
          <Notice tone="warning">
            You are signed in as {email}, but this invitation is for {invitation.email}. Sign out, then sign in as {invitation.email}.
          </Notice>
          <div className="form-row form-row--end">
            <SignOutButton next={here} label="Sign out and switch account" />
          </div>
        </>
      )}
    </div>
  );
}

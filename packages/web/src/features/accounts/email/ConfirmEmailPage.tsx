import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorCode } from '@twostep/shared';
import { ConfirmEmailChangeDocument } from '../../../gql/graphql';
import { describeError, type DescribedError } from '../../../lib/errors/describe-error';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { AuthLayout } from '../../../ui/AuthLayout';
import { LoadingState } from '../../../ui/LoadingState';
import { Notice } from '../../../ui/Notice';
import { PageHeading } from '../../../ui/PageHeading';

type Outcome = { kind: 'working' } | { kind: 'done' } | { kind: 'failed'; error: DescribedError };

/** Opened from the e-mailed link: confirms the new address at once (signed in or not). */
export function ConfirmEmailPage() {
  useDocumentTitle('Confirm your e-mail address');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [confirm] = useMutation(ConfirmEmailChangeDocument);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'working' });
  const started = useRef(false);

  useEffect(() => {
    // Once per page: the token works once, and development mode runs effects twice.
    if (!token || started.current) return;
    started.current = true;
    confirm({ variables: { input: { token } } })
      .then(() => setOutcome({ kind: 'done' }))
      .catch((caught: unknown) =>
        setOutcome({
          kind: 'failed',
          error: describeError(caught, { CONFLICT: 'This address now belongs to another account, so it cannot become yours.' }),
        }),
      );
  }, [confirm, token]);

  return (
    <AuthLayout>
      <div className="stack">
        {!token ? (
          <>
            <PageHeading>This link is incomplete</PageHeading>
            <Notice tone="warning">Open the link from the e-mail again, or copy all of it into the address bar.</Notice>
          </>
        ) : outcome.kind === 'working' ? (
          <>
            <PageHeading>Confirming your new address</PageHeading>
            <LoadingState label="Confirming…" />
          </>
        ) : outcome.kind === 'done' ? (
          <>
            <PageHeading>Your e-mail address is changed</PageHeading>
            <Notice tone="success">From now on, sign in and receive Twostep mail at the new address.</Notice>
          </>
        ) : (
          <>
            <PageHeading>The address could not be confirmed</PageHeading>
            <Notice tone="error">
              {outcome.error.message}
              {outcome.error.code === ErrorCode.TOKEN_INVALID &&
                ' Confirmation links work once, for 24 hours. Ask for the change again from your account.'}
            </Notice>
          </>
        )}
        <div className="form-row form-row--end">
          <Link to="/account" className="btn btn--secondary">
            Go to my account
          </Link>
        </div>
      </div>
    </AuthLayout>
  );
}

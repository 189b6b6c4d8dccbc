import { useQuery } from '@apollo/client/react';
import { useViewer } from '../../../app/viewer-context';
import { AccountSecurityDocument } from '../../../gql/graphql';
import { describeError } from '../../../lib/errors/describe-error';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { Button } from '../../../ui/Button';
import { LoadingState } from '../../../ui/LoadingState';
import { Notice } from '../../../ui/Notice';
import { PageHeading } from '../../../ui/PageHeading';
import { SecurityKeysSection } from '../../two-factor/SecurityKeysSection';
import { TwoFactorSection } from '../../two-factor/TwoFactorSection';
import { EmailSection } from '../email/EmailSection';
import { MembershipsSection } from './MembershipsSection';
import { PasswordSection } from './PasswordSection';
import { SessionsSection } from './SessionsSection';

/** The viewer's own account: two-step verification and its keys, sign-in details, sessions, organizations. */
export function AccountPage() {
  useDocumentTitle('My account');
  const viewer = useViewer();
  const { data, error, refetch } = useQuery(AccountSecurityDocument);
  return (
    <div className="page">
      <PageHeading description={`${viewer.displayName} · ${viewer.email}`}>My account</PageHeading>
      <div className="stack-lg">
        {!data && error ? (
          <Notice tone="error" title="Your security settings could not load">
            {describeError(error).message}{' '}
            <Button size="small" onClick={() => void refetch().catch(() => undefined)}>
              Try again
            </Button>
          </Notice>
        ) : !data ? (
          <div className="card">
            <LoadingState label="Loading your security settings…" />
          </div>
        ) : (
          <>
            <TwoFactorSection security={data.viewer} />
            <SecurityKeysSection security={data.viewer} />
            <SessionsSection sessions={data.viewer.sessions} />
          </>
        )}
        <PasswordSection />
        <EmailSection />
        <MembershipsSection />
      </div>
    </div>
  );
}

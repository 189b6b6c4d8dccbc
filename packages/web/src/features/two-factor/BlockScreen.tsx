import { useApolloClient } from '@apollo/client/react';
import { ShieldAlert } from 'lucide-react';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { MembershipKind } from '@twostep/shared';
import { sessionSignals, type OrganizationRef } from '../../app/session-signals';
import type { ShellViewer } from '../../app/viewer-context';
import { ShellViewerDocument } from '../../gql/graphql';
import { formatDate } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { LeaveOrganizationButton } from '../organizations/LeaveOrganizationButton';
import { SignOutButton } from '../accounts/SignOutButton';
import { Logo } from '../../ui/Logo';
import { PageHeading } from '../../ui/PageHeading';
import { LoadingState } from '../../ui/LoadingState';
import { TotpSetupWizard } from './TotpSetupWizard';

/**
 * The only screen a blocked member sees: which organizations require two-step verification, and
 * the setup. The address bar keeps the page they were on, so when the setup is done the console
 * simply shows that page again.
 */
export function BlockScreen({ viewer, organizations }: { viewer: ShellViewer; organizations: OrganizationRef[] }) {
  useDocumentTitle('Two-step verification required');
  const client = useApolloClient();
  const [resuming, setResuming] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();

  const resume = async (): Promise<void> => {
    setResuming(true);
    // The shell's viewer must say "not blocked" before the signal clears, or the block would flash back.
    await client.refetchQueries({ include: [ShellViewerDocument] }).catch(() => undefined);
    sessionSignals.reset();
    // Still here only if another organization keeps the block (after leaving one of several).
    setResuming(false);
  };

  const details = (organization: OrganizationRef): { since: string | null; external: boolean } => {
    const membership = viewer.memberships.find((m) => m.organization.id === organization.id);
    return { since: membership?.organization.twoFactorRequiredSince ?? null, external: membership?.kind === MembershipKind.EXTERNAL };
  };
  // One organization, internal: its name in the title says it all. Otherwise a list (with "Leave" for externals).
  const single = organizations.length === 1 ? organizations[0] : undefined;
  const singleSince = single && !details(single).external ? details(single).since : undefined;
  const showList = !single || details(single).external;
  return (
    <div className="block-screen">
      <header className="block-screen__header">
        <Logo />
        <div className="block-screen__who">
          <span className="muted hide-narrow">{viewer.email}</span>
          <SignOutButton compact />
        </div>
      </header>
      <main className="block-screen__main" id="main">
        <PageHeading description={`Signed in as ${viewer.email}.`}>Set up two-step verification to continue</PageHeading>
        <section className="card block-card" aria-labelledby="block-why">
          <div className="block-card__icon" aria-hidden="true">
            <ShieldAlert size={24} />
          </div>
          <div className="stack-sm">
            <h2 id="block-why" className="card__title">
              {single ? `${single.name} requires two-step verification` : 'Your organizations require two-step verification'}
            </h2>
            <p>
              {single ? `${single.name} asks` : 'These organizations ask'} every member to protect their account with a second step at
              sign-in: a code from an app on your phone. Until you set it up, the console stays locked for your account.
            </p>
            {singleSince && <p className="muted small">Required since {formatDate(singleSince)}.</p>}
            {showList && (
              <ul className="org-list">
                {organizations.map((organization) => {
                  const { since, external } = details(organization);
                  return (
                    <li key={organization.id} className="org-list__item">
                      <div>
                        <strong>{organization.name}</strong>
                        <span className="muted small">
                          {since ? ` · required since ${formatDate(since)}` : ' · required'}
                          {external && ' · you are an external member'}
                        </span>
                      </div>
                      {external && (
                        <LeaveOrganizationButton
                          organization={organization}
                          onLeft={() => {
                            // A page of the organization just left would only say "not found".
                            if (location.pathname.startsWith(`/orgs/${organization.id}`)) void navigate('/', { replace: true });
                            void resume();
                          }}
                        />
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        </section>
        <section className="card" aria-label="Set up an authenticator app">
          {resuming ? (
            <LoadingState label="Opening the console…" />
          ) : (
            <TotpSetupWizard email={viewer.email} onFinished={() => void resume()} />
          )}
        </section>
      </main>
    </div>
  );
}

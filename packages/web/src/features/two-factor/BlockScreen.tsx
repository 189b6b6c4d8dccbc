import { useApolloClient, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { AllowedMethods, MembershipKind, TwoFactorMethodKind } from '@twostep/shared';
import { sessionSignals, type OrganizationRef } from '../../app/session-signals';
import type { ShellViewer } from '../../app/viewer-context';
import { SetupChoicesDocument, ShellViewerDocument } from '../../gql/graphql';
import { useDocumentTitle } from '../../lib/use-document-title';
import { SignOutButton } from '../accounts/SignOutButton';
import { Logo } from '../../ui/Logo';
import { PageHeading } from '../../ui/PageHeading';
import { LoadingState } from '../../ui/LoadingState';
import { BlockReason, type BlockingOrganization } from './BlockReason';
import { BlockSetup } from './BlockSetup';
import { isKeyKind } from './webauthn';

/**
 * The only screen a blocked member sees: which organizations require two-step verification, and
 * the setup (a security key or passkey, or an authenticator app; only a key where an organization
 * accepts nothing else). The address bar keeps the page they were on, so when the setup is done
 * the console simply shows that page again.
 */
export function BlockScreen({ viewer, organizations }: { viewer: ShellViewer; organizations: OrganizationRef[] }) {
  useDocumentTitle('Two-step verification required');
  const client = useApolloClient();
  // Which methods each organization accepts, and the viewer's own: what the setup may offer.
  const { data: choices, error: choicesError } = useQuery(SetupChoicesDocument);
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

  const access = choices?.viewer.access;
  const accepted = new Map([...(access?.requiringOrganizations ?? []), ...(access?.blockingOrganizations ?? [])].map((o) => [o.id, o]));
  const blocking: BlockingOrganization[] = organizations.map((organization) => {
    const membership = viewer.memberships.find((m) => m.organization.id === organization.id);
    return {
      ...organization,
      since: membership?.organization.twoFactorRequiredSince ?? null,
      external: membership?.kind === MembershipKind.EXTERNAL,
      keysOnly: accepted.get(organization.id)?.allowedMethods === AllowedMethods.PHISHING_RESISTANT,
    };
  });
  const methods = choices?.viewer.twoFactorMethods ?? [];
  const hasApp = methods.some((method) => method.kind === TwoFactorMethodKind.TOTP);
  const hasKey = methods.some((method) => isKeyKind(method.kind));

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
        <BlockReason
          organizations={blocking}
          hasApp={hasApp}
          hasKey={hasKey}
          onLeft={(organization) => {
            // A page of the organization just left would only say "not found".
            if (location.pathname.startsWith(`/orgs/${organization.id}`)) void navigate('/', { replace: true });
            void resume();
          }}
        />
        <section className="card" aria-label="Set up two-step verification">
          {resuming ? (
            <LoadingState label="Opening the console…" />
          ) : !choices && !choicesError ? (
            <LoadingState label="Loading the ways to set it up…" />
          ) : (
            <BlockSetup
              email={viewer.email}
              keysOnly={blocking.some((organization) => organization.keysOnly)}
              proofNeeded={viewer.twoFactorEnabled}
              hasApp={hasApp}
              onFinished={() => void resume()}
            />
          )}
        </section>
      </main>
    </div>
  );
}

import { NetworkStatus } from '@apollo/client';
import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorCode } from '@twostep/shared';
import { BlockScreen } from '../features/two-factor/BlockScreen';
import { ShellViewerDocument, ViewerAccessChangedDocument, ViewerAccessFragmentDoc, type ShellAccessFragment } from '../gql/graphql';
import { describeError, errorCodeOf } from '../lib/errors/describe-error';
import { signInPath } from '../lib/safe-next';
import { Button } from '../ui/Button';
import { LoadingState } from '../ui/LoadingState';
import { Notice } from '../ui/Notice';
import { AppShell } from './AppShell';
import { sessionSignals, useSessionSignals, type OrganizationRef } from './session-signals';
import { useSessionChange } from './use-session-change';
import { ViewerContext } from './viewer-context';

/** The organizations that block: those the API names, else (an older answer) those that require 2FA. */
const blockersOf = (access: ShellAccessFragment): OrganizationRef[] =>
  access.blockingOrganizations.length > 0 ? access.blockingOrganizations : access.requiringOrganizations;

/**
 * Every signed-in route passes here. Signed out: to the sign-in page (and back afterwards).
 * Blocked, by the viewer's own access or by any answer since: the block screen and nothing else.
 * Otherwise the shell with the page.
 */
export function SignedInLayout() {
  const { data, error, refetch, networkStatus } = useQuery(ShellViewerDocument, { notifyOnNetworkStatusChange: true });
  const signals = useSessionSignals();
  const location = useLocation();
  const navigate = useNavigate();
  const onSessionChange = useSessionChange();
  const client = useApolloClient();
  const hadViewer = useRef(false);
  if (data) hadViewer.current = true;
  const viewerRef = useRef(data?.viewer);
  viewerRef.current = data?.viewer;

  // The location at the moment the session ends is where sign-in returns to.
  const locationRef = useRef(location);
  locationRef.current = location;

  // The live connection says at once when an organization blocks the account, and when a deadline
  // comes or goes (the banner). Being unblocked is left to the block screen, which must first let
  // the person save their recovery codes: while blocked, only a block is written.
  useSubscription(ViewerAccessChangedDocument, {
    skip: !data,
    onData: ({ data: event }) => {
      const access = event.data?.viewerAccessChanged;
      const viewer = viewerRef.current;
      if (!access || !viewer) return;
      if (access.blocked) sessionSignals.blocked(blockersOf(access));
      const blockShown = viewer.access.blocked || sessionSignals.get().blockedBy !== null;
      if (access.blocked || !blockShown) {
        client.cache.writeFragment({
          id: client.cache.identify(viewer),
          fragment: ViewerAccessFragmentDoc,
          fragmentName: 'ViewerAccess',
          data: { __typename: 'Viewer', id: viewer.id, access },
        });
      }
    },
  });

  // Each navigation asks again who the viewer is (one small query), so a requirement switched on
  // meanwhile blocks at the next click even without the live connection, and a session ended
  // elsewhere is noticed.
  const lastPath = useRef(location.pathname);
  useEffect(() => {
    if (lastPath.current === location.pathname) return;
    lastPath.current = location.pathname;
    void refetch().catch(() => undefined);
  }, [location.pathname, refetch]);

  const signedOut = signals.sessionEnded || errorCodeOf(error) === ErrorCode.UNAUTHENTICATED;
  useEffect(() => {
    if (!signedOut) return;
    const next = `${locationRef.current.pathname}${locationRef.current.search}`;
    const notice = hadViewer.current ? { notice: 'session-ended' } : undefined;
    void onSessionChange().then(() => navigate(signInPath(next), { replace: true, state: notice }));
  }, [signedOut, onSessionChange, navigate]);

  if (signedOut) return <LoadingState fill label="Taking you to the sign-in page…" />;
  if (!data) {
    if (error) {
      return (
        <main className="center-page" id="main">
          <div className="stack center-page__box">
            <Notice tone="error" title="The console could not load">
              {describeError(error).message}
            </Notice>
            <div className="form-row form-row--end">
              <Button
                variant="primary"
                busy={networkStatus === NetworkStatus.refetch}
                onClick={() => void refetch().catch(() => undefined)}
              >
                Try again
              </Button>
            </div>
          </div>
        </main>
      );
    }
    return <LoadingState fill label="Loading your console…" />;
  }

  const viewer = data.viewer;
  const blockedBy = signals.blockedBy ?? (viewer.access.blocked ? blockersOf(viewer.access) : null);
  return (
    <ViewerContext.Provider value={viewer}>
      {blockedBy ? (
        <BlockScreen viewer={viewer} organizations={blockedBy.length > 0 ? blockedBy : blockersOf(viewer.access)} />
      ) : (
        <AppShell viewer={viewer}>
          <Outlet />
        </AppShell>
      )}
    </ViewerContext.Provider>
  );
}

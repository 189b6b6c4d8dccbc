import { NetworkStatus } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorCode } from '@twostep/shared';
import { BlockScreen } from '../features/two-factor/BlockScreen';
import { ShellViewerDocument, ViewerAccessChangedDocument } from '../gql/graphql';
import { describeError, errorCodeOf } from '../lib/errors/describe-error';
import { signInPath } from '../lib/safe-next';
import { Button } from '../ui/Button';
import { LoadingState } from '../ui/LoadingState';
import { Notice } from '../ui/Notice';
import { AppShell } from './AppShell';
import { sessionSignals, useSessionSignals } from './session-signals';
import { useSessionChange } from './use-session-change';
import { ViewerContext } from './viewer-context';

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
  const hadViewer = useRef(false);
  if (data) hadViewer.current = true;

  // The location at the moment the session ends is where sign-in returns to.
  const locationRef = useRef(location);
  locationRef.current = location;

  // The live connection says at once when an organization blocks the account. (Being unblocked
  // is left to the block screen, which must first let the person save their recovery codes.)
  useSubscription(ViewerAccessChangedDocument, {
    skip: !data,
    onData: ({ data: event }) => {
      const access = event.data?.viewerAccessChanged;
      if (access?.blocked) sessionSignals.blocked(access.requiringOrganizations);
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
  const blockedBy = signals.blockedBy ?? (viewer.access.blocked ? viewer.access.requiringOrganizations : null);
  return (
    <ViewerContext.Provider value={viewer}>
      {blockedBy ? (
        <BlockScreen viewer={viewer} organizations={blockedBy.length > 0 ? blockedBy : viewer.access.requiringOrganizations} />
      ) : (
        <AppShell viewer={viewer}>
          <Outlet />
        </AppShell>
      )}
    </ViewerContext.Provider>
  );
}

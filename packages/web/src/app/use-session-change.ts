import { useApolloClient } from '@apollo/client/react';
import { useCallback } from 'react';
import { useRealtime } from './realtime-context';
import { sessionSignals } from './session-signals';

/**
 * Forgets everything tied to the previous session after signing in or out: the cached data of
 * the last person, the block and session signals, and the live connection's credential.
 */
export function useSessionChange(): () => Promise<void> {
  const client = useApolloClient();
  const realtime = useRealtime();
  return useCallback(async () => {
    sessionSignals.reset();
    realtime.restart();
    await client.clearStore();
  }, [client, realtime]);
}

import { useSyncExternalStore } from 'react';

export interface OrganizationRef {
  id: string;
  name: string;
}

/**
 * What the API said about the session as a whole, whatever operation it answered: an
 * organization blocks the account until it sets up 2FA, or the session is gone. The error link
 * writes here; the signed-in layout reads it and shows the block or the sign-in page.
 */
export interface SessionSignals {
  blockedBy: OrganizationRef[] | null;
  sessionEnded: boolean;
}

let state: SessionSignals = { blockedBy: null, sessionEnded: false };
const listeners = new Set<() => void>();

function set(next: Partial<SessionSignals>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export const sessionSignals = {
  blocked: (organizations: OrganizationRef[]): void => set({ blockedBy: organizations }),
  ended: (): void => {
    if (!state.sessionEnded) set({ sessionEnded: true });
  },
  /** After the setup is done, or after signing in or out. */
  reset: (): void => {
    if (state.blockedBy !== null || state.sessionEnded) set({ blockedBy: null, sessionEnded: false });
  },
  get: (): SessionSignals => state,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSessionSignals(): SessionSignals {
  return useSyncExternalStore(sessionSignals.subscribe, sessionSignals.get);
}

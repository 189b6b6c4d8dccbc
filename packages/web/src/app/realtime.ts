import { createClient, type Client } from 'graphql-ws';

/** `ws://host/graphql` or `wss://…` on the console's own origin: the cookie travels with it. */
export function webSocketUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

export interface Realtime {
  client: Client;
  /** Reconnects with the current cookie (after signing in or out); live subscriptions resume. */
  restart(): void;
  /**
   * Whether the socket is open and acknowledged now. graphql-ws says so only by events, and a
   * screen that mounts after the connection opened would never hear one: this remembers it.
   */
  isConnected: () => boolean;
  /** Calls `listener` whenever `isConnected` changes (for `useSyncExternalStore`); returns the unsubscribe. */
  onConnectionChange: (listener: () => void) => () => void;
}

/**
 * The graphql-ws connection for live updates. Lazy: it opens with the first subscription and
 * closes shortly after the last. The server authenticates the socket once, at connection, so a
 * change of session needs a fresh socket: `restart` closes it and graphql-ws reconnects.
 */
export function createRealtime(url: string = webSocketUrl()): Realtime {
  let socket: WebSocket | undefined;
  let restartRequested = false;
  let connected = false;
  const listeners = new Set<() => void>();
  const setConnected = (value: boolean): void => {
    if (connected === value) return;
    connected = value;
    for (const listener of [...listeners]) listener();
  };
  const client = createClient({
    url,
    lazy: true,
    lazyCloseTimeout: 3_000,
    retryAttempts: 8,
    // 4403: the server refused the credential (signed out); retrying cannot help.
    shouldRetry: (event) => !(event instanceof CloseEvent && event.code === 4403),
    on: {
      opened: (opened) => {
        socket = opened as WebSocket;
      },
      connected: () => {
        setConnected(true);
        if (restartRequested) {
          restartRequested = false;
          restart();
        }
      },
      closed: () => {
        socket = undefined;
        setConnected(false);
      },
    },
  });
  function restart(): void {
    if (socket?.readyState === WebSocket.OPEN) socket.close(4205, 'Client Restart');
    else if (socket) restartRequested = true;
  }
  return {
    client,
    restart,
    isConnected: () => connected,
    onConnectionChange: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

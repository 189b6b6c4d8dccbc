import { createClient, type Client } from 'graphql-ws';

/** `ws://host/graphql` or `wss://…` on the console's own origin: the cookie travels with it. */
export function webSocketUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

export interface Realtime {
  client: Client;
  /** Reconnects with the current cookie (after signing in or out); live subscriptions resume. */
  restart(): void;
}

/**
 * The graphql-ws connection for live updates. Lazy: it opens with the first subscription and
 * closes shortly after the last. The server authenticates the socket once, at connection, so a
 * change of session needs a fresh socket: `restart` closes it and graphql-ws reconnects.
 */
export function createRealtime(url: string = webSocketUrl()): Realtime {
  let socket: WebSocket | undefined;
  let restartRequested = false;
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
        if (restartRequested) {
          restartRequested = false;
          restart();
        }
      },
      closed: () => {
        socket = undefined;
      },
    },
  });
  function restart(): void {
    if (socket?.readyState === WebSocket.OPEN) socket.close(4205, 'Client Restart');
    else if (socket) restartRequested = true;
  }
  return { client, restart };
}

import type { WebSocket } from 'ws';
import type { Logger } from '../logger.js';

/**
 * A client's protocol violation (a frame over `maxPayload`, a bad opcode, invalid UTF-8) is the
 * `ws` library's `error` event with a `WS_ERR_…` code, and `ws` closes the socket itself with the
 * matching code (1009 for a frame too large). graphql-ws answers every socket error with
 * `console.error` and its stack, outside the logger: a client could fill the server's output at
 * will. These errors become one warning in the log instead; any other error still reaches
 * graphql-ws. Call before graphql-ws's `useServer`, so that this listener runs first.
 */
export function quietProtocolErrors(socket: WebSocket, log: Logger): void {
  const emit = socket.emit.bind(socket);
  socket.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    const error = args[0] as { code?: unknown; message?: unknown } | undefined;
    if (event === 'error' && typeof error?.code === 'string' && error.code.startsWith('WS_ERR_')) {
      log.warn({ code: error.code, reason: String(error.message) }, 'WebSocket client broke the protocol; socket closed');
      return true;
    }
    return emit(event, ...args);
  };
}

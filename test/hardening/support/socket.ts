import WebSocket from 'ws';

export interface SocketError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown> & { code?: string };
}

export interface SocketResult {
  data?: Record<string, any> | null;
  errors?: SocketError[];
  /** Set when the socket closed before the operation completed. */
  closed?: number;
}

function text(raw: WebSocket.RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.from(new Uint8Array(raw)).toString('utf8');
}

/**
 * A deliberately small graphql-ws client on `ws`, so that tests can send what a well-behaved
 * client library never would (oversized frames, raw messages) and see every close code.
 */
export class RawSocket {
  private readonly pending = new Map<string, { resolve: (r: SocketResult) => void; result: SocketResult }>();
  private next = 0;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        for (const { resolve: done, result } of this.pending.values()) done({ ...result, closed: code });
        this.pending.clear();
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('error', () => undefined); // the close event says what happened
    ws.on('message', (raw) => {
      const message = JSON.parse(text(raw)) as { id?: string; type: string; payload?: any };
      const entry = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!entry) return;
      if (message.type === 'next') entry.result = message.payload as SocketResult;
      else if (message.type === 'error') entry.result = { errors: message.payload as SocketError[] };
      if (message.type === 'error' || message.type === 'complete') {
        this.pending.delete(message.id!);
        entry.resolve(entry.result);
      }
    });
  }

  /**
   * Opens `/graphql` with the graphql-ws subprotocol and sends `connection_init`. Resolves once
   * acknowledged; a refused socket resolves too, with `acknowledged: false` (see `closed`).
   */
  static async open(
    httpUrl: string,
    options: { payload?: Record<string, unknown>; headers?: Record<string, string>; init?: boolean } = {},
  ): Promise<{ socket: RawSocket; acknowledged: boolean }> {
    const ws = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers: options.headers });
    const socket = new RawSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (options.init === false) return { socket, acknowledged: false };
    const acknowledged = await new Promise<boolean>((resolve) => {
      const onMessage = (raw: WebSocket.RawData): void => {
        if ((JSON.parse(text(raw)) as { type: string }).type === 'connection_ack') {
          ws.off('message', onMessage);
          resolve(true);
        }
      };
      ws.on('message', onMessage);
      void socket.closed.then(() => resolve(false));
      ws.send(JSON.stringify({ type: 'connection_init', payload: options.payload ?? {} }));
    });
    return { socket, acknowledged };
  }

  /** Opens a socket that presents a bearer token (a desktop or mobile session, or an integration token). */
  static async bearer(httpUrl: string, token: string): Promise<RawSocket> {
    const { socket, acknowledged } = await RawSocket.open(httpUrl, { payload: { authorization: `Bearer ${token}` } });
    if (!acknowledged) throw new Error(`socket refused: ${(await socket.closed).code}`);
    return socket;
  }

  /** Runs one operation and resolves with its last `next` payload, its errors, or the close code. */
  request(query: string, variables?: Record<string, unknown>): Promise<SocketResult> {
    const id = String(++this.next);
    return new Promise((resolve) => {
      if (this.ws.readyState !== WebSocket.OPEN) {
        resolve({ closed: -1 });
        return;
      }
      this.pending.set(id, { resolve, result: {} });
      this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    });
  }

  /** The first error's code, as `GraphQLClient.code` does over HTTP. */
  async code(query: string, variables?: Record<string, unknown>): Promise<string | undefined> {
    const result = await this.request(query, variables);
    return result.errors?.[0]?.extensions?.code ?? (result.closed === undefined ? undefined : `closed:${result.closed}`);
  }

  send(data: string | Buffer): void {
    this.ws.send(data);
  }

  close(): void {
    this.ws.close();
  }
}

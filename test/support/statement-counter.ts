import net from 'node:net';

export interface StatementCounter {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** `url` with its host and port replaced by the proxy's; the proxy forwards to `url`'s server. */
  through(url: string): string;
  /** Starts recording from zero. */
  start(): void;
  /** What was sent since `start`, so far (recording goes on). */
  recorded(): string[];
  /** Stops recording and returns every statement's text, in the order sent. */
  stop(): string[];
  close(): Promise<void>;
}

/**
 * Counts the SQL statements a server sends to PostgreSQL by reading the frontend protocol on a TCP
 * proxy between them (the TypeScript twin of `bench/lib/pg-counter.mjs`). Each simple `Query` and
 * each extended-protocol `Execute` is one statement; its text comes from the `Query`, or from the
 * `Parse` named by the `Bind` before the `Execute`. Parameters are not recorded.
 */
export async function startStatementCounter(): Promise<StatementCounter> {
  let upstream: { host: string; port: number } | undefined;
  let recording = false;
  let statements: string[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    if (!upstream) {
      client.destroy();
      return;
    }
    const toServer = net.connect(upstream.port, upstream.host);
    sockets.add(client);
    sockets.add(toServer);
    let buffer = Buffer.alloc(0);
    let started = false;
    const prepared = new Map<string, string>(); // statement name ('' is the unnamed one) -> text
    let bound = '';
    const onMessage = (type: number, body: Buffer): void => {
      if (type === 0x50 /* P */) {
        const nameEnd = body.indexOf(0);
        const queryEnd = body.indexOf(0, nameEnd + 1);
        prepared.set(body.toString('utf8', 0, nameEnd), body.toString('utf8', nameEnd + 1, queryEnd));
      } else if (type === 0x42 /* B */) {
        const portalEnd = body.indexOf(0);
        const statementEnd = body.indexOf(0, portalEnd + 1);
        bound = prepared.get(body.toString('utf8', portalEnd + 1, statementEnd)) ?? '?';
      } else if (type === 0x45 /* E */) {
        if (recording) statements.push(bound);
      } else if (type === 0x51 /* Q */) {
        if (recording) statements.push(body.toString('utf8', 0, body.length - 1));
      }
    };
    client.on('data', (chunk: Buffer) => {
      toServer.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          // Startup (and SSLRequest, GSSENCRequest): length-prefixed, no type byte.
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          if (code !== 80877103 && code !== 80877104) started = true;
          continue;
        }
        if (buffer.length < 5) return;
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) return;
        onMessage(buffer[0]!, buffer.subarray(5, length + 1));
        buffer = buffer.subarray(length + 1);
      }
    });
    toServer.on('data', (chunk: Buffer) => client.write(chunk));
    const close = (): void => {
      client.destroy();
      toServer.destroy();
      sockets.delete(client);
      sockets.delete(toServer);
    };
    client.on('close', close);
    toServer.on('close', close);
    client.on('error', close);
    toServer.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    through(url) {
      const parsed = new URL(url);
      upstream = { host: parsed.hostname, port: Number(parsed.port || 5432) };
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    start() {
      statements = [];
      recording = true;
    },
    recorded: () => [...statements],
    stop() {
      recording = false;
      const recorded = statements;
      statements = [];
      return recorded;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

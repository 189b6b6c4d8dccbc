import net from 'node:net';

const WRITE = /\b(insert\s+into|update\s+"?\w+"?\s+(?:\w+\s+)?set|delete\s+from|merge\s+into|truncate|create\s|alter\s|drop\s)/i;

/** Whether a statement writes (inserts, updates, deletes or changes the schema; a CTE that writes counts too). */
export const isWrite = (text) => WRITE.test(text);

/**
 * Counts the SQL statements a server sends to PostgreSQL, by reading the wire protocol between them.
 * The machine's PostgreSQL does not preload pg_stat_statements, so the server under count connects
 * to this proxy instead of to PostgreSQL. Each simple `Query` message and each extended-protocol
 * `Execute` is one statement (node-postgres sends one statement per message); the text comes from
 * the `Query` or from the `Parse` before the `Execute`. A statement is a write when it inserts,
 * updates, deletes or changes the schema (a CTE that writes counts too).
 */
export async function startStatementCounter(upstreamPort = 5432, upstreamHost = '127.0.0.1') {
  let recording = false;
  let statements = [];
  const sockets = new Set();

  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, upstreamHost);
    sockets.add(client);
    sockets.add(upstream);
    let buffer = Buffer.alloc(0);
    let started = false;
    const prepared = new Map(); // statement name ('' is the unnamed one) -> text
    let bound = '';
    const onMessage = (type, body) => {
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
    client.on('data', (chunk) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          // Startup (and SSLRequest): length-prefixed, no type byte.
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
        onMessage(buffer[0], buffer.subarray(5, length + 1));
        buffer = buffer.subarray(length + 1);
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: server.address().port,
    /** Starts counting from zero. */
    start() {
      statements = [];
      recording = true;
    },
    /** Stops and returns what was sent: every statement's text, and how many wrote. */
    stop() {
      recording = false;
      const recorded = statements;
      statements = [];
      return { statements: recorded, writes: recorded.filter((s) => WRITE.test(s)) };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A short, single-line form of a statement for reports. */
export function shortStatement(text) {
  return text.replace(/\s+/g, ' ').trim().slice(0, 90);
}

import WebSocket from 'ws';

/**
 * Many WebSocket clients in this process, each recording when a `next` (graphql-ws) or any
 * (raw) message arrives. Messages are parsed like a real client would (JSON.parse) either way.
 */
export class SocketCrowd {
  sockets = [];
  /** Per socket: the receive times (ms since the epoch) of the current round. */
  received = [];
  firstRaw = undefined;
  errors = [];
  waiters = new Set();

  get size() {
    return this.sockets.length;
  }

  /** Opens `count` more sockets, `parallel` at a time; `setup(socket)` resolves once it is ready. */
  async grow(count, open, parallel = 100) {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next += 1;
        const socket = await open();
        const index = this.sockets.push(socket) - 1;
        this.received.push(null);
        socket.on('message', (data) => {
          const text = data.toString();
          const message = JSON.parse(text);
          if (message.type === 'ping') {
            socket.send('{"type":"pong"}');
            return;
          }
          if (message.type === 'error' || message.type === 'complete') this.errors.push(text);
          if (message.type !== undefined && message.type !== 'next') return;
          this.firstRaw ??= text;
          this.received[index] = { at: Date.now(), message };
          for (const wake of this.waiters) wake();
        });
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
  }

  resetRound() {
    this.received.fill(null);
  }

  /** Resolves when every socket received this round's message, or after `timeoutMs`. */
  async waitAll(timeoutMs = 30_000) {
    const done = () => this.received.every((r) => r !== null);
    if (done()) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(false);
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(true);
      };
      this.waiters.add(check);
    });
  }

  async close() {
    for (const socket of this.sockets) socket.terminate();
    this.sockets = [];
    this.received = [];
  }
}

function opened(socket) {
  return new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** A graphql-ws (graphql-transport-ws) client that authenticates with `authorization` and subscribes once. */
export function graphqlWsSubscriber(url, authorization, query, variables) {
  return async () => {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws', { perMessageDeflate: false });
    await opened(socket);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } }));
    await new Promise((resolve, reject) => {
      const onMessage = (data) => {
        const message = JSON.parse(data.toString());
        if (message.type === 'connection_ack') {
          socket.off('message', onMessage);
          resolve();
        }
      };
      socket.on('message', onMessage);
      socket.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason}`)));
    });
    // The same id on every socket: the server then sends every subscriber the same bytes.
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
    return socket;
  };
}

export function rawSubscriber(url) {
  return async () => {
    const socket = new WebSocket(url.replace(/^http/, 'ws') + '/ws', { perMessageDeflate: false });
    await opened(socket);
    return socket;
  };
}

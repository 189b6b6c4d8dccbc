import type { DocumentNode } from 'graphql';
import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { Logger } from '../logger.js';
import type { Principal } from './principal.js';

/** A subscription running on a socket: the document it was admitted with, and how to end it. */
export interface RunningOperation {
  document: DocumentNode;
  fail(error: unknown): void;
}

export interface SocketConnectionDeps {
  socket: Pick<WebSocket, 'close'>;
  principal: Principal;
  /** Reads the socket's credential again (the same check as at `connection_init`). */
  reauthenticate: () => Promise<Principal | undefined>;
  /** The gate: throws the refusal (e.g. `TWO_FACTOR_REQUIRED`) when the principal may not run the document. */
  gate: (document: DocumentNode, principal: Principal) => void;
  log: Logger;
}

/**
 * One authenticated graphql-ws socket. Who it is gets read again before every operation and
 * whenever the socket registry hears that their access may have changed; then the running
 * subscriptions pass the gate again, and those it now refuses end with its error. A credential
 * that is gone closes the socket with 4403.
 */
export class SocketConnection {
  private current: Principal;
  private readonly operations = new Set<RunningOperation>();
  private readonly watchers = new Set<(principal: Principal) => void>();
  private queued: Promise<Principal | undefined> | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: SocketConnectionDeps) {
    this.current = deps.principal;
  }

  get principal(): Principal {
    return this.current;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(code: number = CloseCode.Forbidden, reason = 'Forbidden'): void {
    if (this.closed) return;
    this.closed = true;
    this.deps.socket.close(code, reason);
  }

  /** graphql-ws reports the socket closed (by either side). */
  markClosed(): void {
    this.closed = true;
    this.operations.clear();
    this.watchers.clear();
  }

  track(operation: RunningOperation): () => void {
    this.operations.add(operation);
    return () => this.operations.delete(operation);
  }

  /** Calls `listener` with the principal after each refresh (the access subscription listens). */
  watch(listener: (principal: Principal) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /**
   * Reads the credential again. Refreshes run one at a time; requests made while one runs share
   * the single refresh that follows it, so a burst of events costs at most two reads.
   */
  refresh(): Promise<Principal | undefined> {
    if (this.queued) return this.queued;
    const next = this.running.then(() => {
      this.queued = undefined;
      return this.reload();
    });
    this.queued = next;
    this.running = next.catch(() => undefined);
    return next;
  }

  private async reload(): Promise<Principal | undefined> {
    if (this.closed) return undefined;
    let principal: Principal | undefined;
    try {
      principal = await this.deps.reauthenticate();
    } catch (err) {
      // The database failed, not the credential: keep the socket, try again at the next event.
      this.deps.log.error({ err }, 'socket re-authentication failed');
      return this.current;
    }
    if (!principal) {
      this.close(CloseCode.Forbidden, 'Forbidden');
      return undefined;
    }
    this.current = principal;
    for (const operation of [...this.operations]) {
      try {
        this.deps.gate(operation.document, principal);
      } catch (error) {
        this.operations.delete(operation);
        operation.fail(error);
      }
    }
    for (const watcher of [...this.watchers]) {
      try {
        watcher(principal);
      } catch (err) {
        this.deps.log.error({ err }, 'socket watcher failed');
      }
    }
    return principal;
  }
}

const byContext = new WeakMap<object, SocketConnection>();

/** Ties an operation's context to its socket (set by the WebSocket server when it builds the context). */
export function bindSocketConnection(context: object, connection: SocketConnection): void {
  byContext.set(context, connection);
}

/** The socket an operation runs on; undefined over HTTP. */
export function socketConnectionOf(context: unknown): SocketConnection | undefined {
  return typeof context === 'object' && context !== null ? byContext.get(context) : undefined;
}

import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock.js';
import type { SocketConnection } from '../../core/graphql/socket-connection.js';
import type { Logger } from '../../core/logger.js';
import { liveSessions } from '../accounts/index.js';
import { liveTokens } from '../integration-tokens/index.js';
import { membersAmong } from '../organizations/index.js';
import type { ControlMessage } from './live-messages.js';

type Index = Map<string, Set<SocketConnection>>;

function add(index: Index, key: string, connection: SocketConnection): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(connection);
}

function remove(index: Index, key: string, connection: SocketConnection): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(connection);
  if (set.size === 0) index.delete(key);
}

/**
 * This instance's open sockets, by session, token and user, and how they react to the control
 * messages every instance hears: a revoked session or token closes its sockets (4403); a change of
 * someone's access (2FA, membership, a policy of one of their organizations) makes their sockets
 * read their credential again, which ends the subscriptions the gate now refuses and tells the
 * access subscription. A periodic sweep closes sockets whose session or token expired or was
 * revoked while a message was lost.
 */
export class SocketRegistry {
  private readonly bySession: Index = new Map();
  private readonly byToken: Index = new Map();
  private readonly byUser: Index = new Map();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly deps: { orm: MikroORM; clock: Clock; log: Logger; sweepMs: number }) {}

  opened(connection: SocketConnection): void {
    const principal = connection.principal;
    if (principal.kind === 'session') {
      add(this.bySession, principal.sessionId, connection);
      add(this.byUser, principal.userId, connection);
    } else if (principal.kind === 'integration') {
      add(this.byToken, principal.tokenId, connection);
    }
  }

  closed(connection: SocketConnection): void {
    const principal = connection.principal;
    if (principal.kind === 'session') {
      remove(this.bySession, principal.sessionId, connection);
      remove(this.byUser, principal.userId, connection);
    } else if (principal.kind === 'integration') {
      remove(this.byToken, principal.tokenId, connection);
    }
  }

  get size(): number {
    let count = 0;
    for (const set of [...this.bySession.values(), ...this.byToken.values()]) count += set.size;
    return count;
  }

  async handle(message: ControlMessage): Promise<void> {
    switch (message.type) {
      case 'sessionsRevoked':
        for (const id of message.sessionIds) this.close(this.bySession.get(id));
        return;
      case 'tokenRevoked':
        this.close(this.byToken.get(message.tokenId));
        return;
      case 'access':
        this.refresh(message.userIds);
        return;
      case 'policy': {
        // The requirement changed: members of that organization who are connected here may now
        // be blocked (or free again).
        if (this.byUser.size === 0) return;
        const members = await membersAmong(this.deps.orm.em.fork(), message.organizationId, [...this.byUser.keys()]);
        this.refresh(members);
        return;
      }
    }
  }

  start(): void {
    this.sweeper = setInterval(() => {
      this.sweep().catch((err: unknown) => this.deps.log.error({ err }, 'socket sweep failed'));
    }, this.deps.sweepMs);
    this.sweeper.unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  /** Two statements whatever the number of sockets: which of their sessions and tokens still hold. */
  async sweep(): Promise<void> {
    const em = this.deps.orm.em.fork();
    const now = this.deps.clock.now();
    if (this.bySession.size > 0) {
      const valid = await liveSessions(em, [...this.bySession.keys()], now);
      for (const [id, connections] of [...this.bySession]) if (!valid.has(id)) this.close(connections);
    }
    if (this.byToken.size > 0) {
      const valid = await liveTokens(em, [...this.byToken.keys()], now);
      for (const [id, connections] of [...this.byToken]) if (!valid.has(id)) this.close(connections);
    }
  }

  private close(connections: Set<SocketConnection> | undefined): void {
    for (const connection of [...(connections ?? [])]) connection.close();
  }

  private refresh(userIds: string[]): void {
    for (const userId of userIds) {
      for (const connection of [...(this.byUser.get(userId) ?? [])]) void connection.refresh();
    }
  }
}

import type { MikroORM } from '@mikro-orm/postgresql';
import { ErrorCode } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import type { Clock } from '../../core/clock.js';
import { DomainError } from '../../core/errors.js';
import type { EventHub } from '../../core/events/domain-events.js';
import { sessionOf } from '../../core/graphql/guards.js';
import type { Principal } from '../../core/graphql/principal.js';
import { socketConnectionOf, type SocketConnection } from '../../core/graphql/socket-connection.js';
import type { Logger } from '../../core/logger.js';
import { AsyncQueue } from '../../core/pubsub/async-queue.js';
import type { PubSubEngine } from '../../core/pubsub/index.js';
import { accessOf, type Access } from '../accounts/index.js';
import type { AlertsService } from '../alerts/index.js';
import { authorize, eventRefusal, Permission } from '../access/index.js';
import type { MembersService } from '../organizations/index.js';
import { AuditFeed, type AuditTick } from './audit-feed.js';
import { EventMemo } from './event-memo.js';
import { LiveHub } from './live-hub.js';
import { CONTROL_TOPIC, organizationTopic, toLiveMessages, type ControlMessage, type OrganizationMessage } from './live-messages.js';
import { LivePayloads } from './live-payloads.js';
import type {
  AlertCampaignChange,
  AuditEntryAdded,
  ComplianceHistoryChange,
  MemberSecurityChange,
  OrganizationPolicyChange,
  SecuritySummaryChange,
} from './live.types.js';
import { backlogOverflow, organizationStream, SUBSCRIBER_BACKLOG } from './organization-stream.js';
import { readOrganizationRights, type OrganizationRights } from './organization-rights.js';
import { SocketRegistry } from './socket-registry.js';
import { SummaryFeeds, type SummaryTick } from './summary-coalescer.js';

export interface LiveOptions {
  /** Where the audit feed listens for committed audit entries (PostgreSQL notifications). */
  databaseUrl?: string;
  /** At most one security summary per organization and subscriber per this interval (default 1 s). */
  summaryIntervalMs?: number;
  /** How often open sockets' sessions and tokens are checked for expiry (default 30 s). */
  sweepMs?: number;
}

interface Deps extends LiveOptions {
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  events: EventHub;
  engine: PubSubEngine;
  members: MembersService;
  alerts: AlertsService;
}

/** How a stream stops listening, once it listens. */
interface Listening {
  stop?: () => void;
}

/** Member changes that can take a subscriber's right away (or block them): checked even when not delivered. */
const revoking = new Set(['REMOVED', 'LEFT', 'ROLE_CHANGED', 'RESET', 'TWO_FACTOR_DISABLED']);

/**
 * Live updates: forwards the domain events into the pub/sub, keeps the socket registry, and
 * builds each subscription's stream, authorized at subscribe time and again for every event.
 */
export class LiveService {
  readonly hub: LiveHub;
  readonly memo = new EventMemo();
  readonly payloads: LivePayloads;
  readonly sockets: SocketRegistry;
  private readonly summaries: SummaryFeeds;
  private readonly audit: AuditFeed;
  /** Open subscriptions on this instance, per subscriber (user or token id). */
  private readonly streams = new Map<string, number>();
  private stops: (() => void)[] = [];

  constructor(private readonly deps: Deps) {
    this.hub = new LiveHub(deps.engine, deps.log);
    this.payloads = new LivePayloads({ orm: deps.orm, memo: this.memo, members: deps.members, alerts: deps.alerts });
    this.sockets = new SocketRegistry({ orm: deps.orm, clock: deps.clock, log: deps.log, sweepMs: deps.sweepMs ?? 30_000 });
    this.summaries = new SummaryFeeds(this.hub, deps.clock, deps.summaryIntervalMs ?? 1_000);
    this.audit = new AuditFeed(deps.databaseUrl, deps.log);
  }

  /** Subscriptions open on this instance (tests wait for theirs to be in place). */
  get activeStreams(): number {
    let total = 0;
    for (const count of this.streams.values()) total += count;
    return total;
  }

  /** Subscriptions open on this instance for one user or integration token. */
  streamsOf(subscriberId: string): number {
    return this.streams.get(subscriberId) ?? 0;
  }

  async start(): Promise<void> {
    const { events, clock, log } = this.deps;
    this.stops.push(
      events.subscribe((event) => {
        for (const { topic, message } of toLiveMessages(event, clock.now())) this.hub.publish(topic, message);
      }),
    );
    this.stops.push(
      await this.hub.on(CONTROL_TOPIC, (message) => {
        this.sockets.handle(message as ControlMessage).catch((err: unknown) => log.error({ err }, 'live control message failed'));
      }),
    );
    this.sockets.start();
  }

  stop(): void {
    this.sockets.stop();
    this.audit.stop();
    for (const stop of this.stops.splice(0)) stop();
  }

  memberChanges(ctx: Context, organizationId: string): Promise<AsyncIterable<MemberSecurityChange>> {
    return this.organizationEvents(ctx, organizationId, (message) =>
      message.type === 'member' ? this.payloads.memberChange(message) : undefined,
    );
  }

  policyChanges(ctx: Context, organizationId: string): Promise<AsyncIterable<OrganizationPolicyChange>> {
    return this.organizationEvents(ctx, organizationId, (message) =>
      message.type === 'policy' ? this.payloads.policyChange(message) : undefined,
    );
  }

  campaignChanges(ctx: Context, organizationId: string): Promise<AsyncIterable<AlertCampaignChange>> {
    return this.organizationEvents(ctx, organizationId, (message) =>
      message.type === 'campaign' ? this.payloads.campaignChange(message) : undefined,
    );
  }

  async summaryChanges(ctx: Context, organizationId: string): Promise<AsyncIterable<SecuritySummaryChange>> {
    const { connection, organization } = await this.admit(ctx, organizationId);
    const subscriber = subscriberOf(ctx.principal);
    const listening: Listening = {};
    const { queue, stream } = organizationStream<SummaryTick, SecuritySummaryChange>({
      deliver: (tick) => (tick.organizationId === organization ? this.payloads.summaryChange(tick) : undefined),
      mayRevoke: () => false,
      authorize: (tick) => this.authorizeEvent(connection, organization, tick.id),
      onEnd: () => this.ended(subscriber, listening),
    });
    listening.stop = await this.summaries.on(organization, (tick) => queue.push(tick));
    return this.opened(subscriber, queue, listening, stream);
  }

  historyChanges(ctx: Context, organizationId: string): Promise<AsyncIterable<ComplianceHistoryChange>> {
    return this.organizationEvents(ctx, organizationId, (message) =>
      message.type === 'history' ? this.payloads.historyChange(message) : undefined,
    );
  }

  /**
   * The organization's audit entries as they are committed: for those who may read the audit log
   * and watch events (a token needs both `audit:read` and `events:read`), checked at subscribe
   * time and again for every entry.
   */
  async auditEntries(ctx: Context, organizationId: string): Promise<AsyncIterable<AuditEntryAdded>> {
    const { connection, organization } = await this.admit(ctx, organizationId);
    await authorize(this.deps.orm.em.fork(), ctx.principal, organization, Permission.READ_AUDIT);
    const subscriber = subscriberOf(ctx.principal);
    const listening: Listening = {};
    const { queue, stream } = organizationStream<AuditTick, AuditEntryAdded>({
      deliver: (tick) => (tick.organizationId === organization ? this.payloads.auditEntryAdded(tick) : undefined),
      mayRevoke: () => false,
      authorize: (tick) => this.authorizeEvent(connection, organization, tick.id, [Permission.READ_AUDIT, Permission.SUBSCRIBE_EVENTS]),
      onEnd: () => this.ended(subscriber, listening),
    });
    listening.stop = await this.audit.on(organization, {
      entry: (tick) => queue.push(tick),
      lost: () => queue.fail(auditFeedLost()),
    });
    return this.opened(subscriber, queue, listening, stream);
  }

  /** The viewer's own access: a new value whenever their socket's credential, read again, says something else. */
  accessChanges(ctx: Context): AsyncIterable<Access> {
    const subscriber = sessionOf(ctx.principal).userId;
    const connection = this.connectionOf(ctx);
    let last = JSON.stringify(accessOf(connection.principal));
    const listening: Listening = {};
    const queue = new AsyncQueue<Access>({
      capacity: SUBSCRIBER_BACKLOG,
      overflow: backlogOverflow,
      onEnd: () => this.ended(subscriber, listening),
    });
    listening.stop = connection.watch((principal) => {
      const access = accessOf(principal);
      const key = JSON.stringify(access);
      if (key === last) return;
      last = key;
      queue.push(access);
    });
    this.count(subscriber, 1);
    return queue;
  }

  private async organizationEvents<P>(
    ctx: Context,
    organizationId: string,
    deliver: (message: OrganizationMessage) => P | undefined,
  ): Promise<AsyncIterable<P>> {
    const { connection, organization } = await this.admit(ctx, organizationId);
    const subscriber = subscriberOf(ctx.principal);
    const listening: Listening = {};
    const { queue, stream } = organizationStream<OrganizationMessage, P>({
      // Tenant isolation does not rest on topic names alone: the message must be of this organization.
      deliver: (message) => (message.organizationId === organization ? deliver(message) : undefined),
      mayRevoke: (message) =>
        message.organizationId === organization &&
        message.type === 'member' &&
        revoking.has(message.change) &&
        this.concerns(connection.principal, message.userId),
      authorize: (message) => this.authorizeEvent(connection, organization, message.id),
      onEnd: () => this.ended(subscriber, listening),
    });
    listening.stop = await this.hub.on(organizationTopic(organization), (message) => queue.push(message as OrganizationMessage));
    return this.opened(subscriber, queue, listening, stream);
  }

  /** At subscribe time: over a socket, with the right to watch this organization (FORBIDDEN for a USER). */
  private async admit(ctx: Context, organizationId: string): Promise<{ connection: SocketConnection; organization: string }> {
    const connection = this.connectionOf(ctx);
    // A fork of its own, let go after: the subscription keeps no entity manager (see `Context.em` over sockets).
    const actor = await authorize(this.deps.orm.em.fork(), ctx.principal, organizationId, Permission.SUBSCRIBE_EVENTS);
    return { connection, organization: actor.organizationId };
  }

  /**
   * Before every delivery: the subscriber's rights now, read once per event on this instance.
   * Synchronous (no promise) once the event's read has completed; throws the refusal.
   */
  private authorizeEvent(
    connection: SocketConnection,
    organizationId: string,
    eventId: string,
    permissions: readonly Permission[] = [Permission.SUBSCRIBE_EVENTS],
  ): Promise<void> | undefined {
    // The people are those whose role holds the first permission (the administrators, for each used here).
    const what = `rights:${organizationId}:${permissions[0]}`;
    const known = this.memo.peek<OrganizationRights>(eventId, what);
    if (known) return this.admitEvent(connection, known.value, permissions);
    return this.memo
      .read(eventId, what, () => readOrganizationRights(this.deps.orm.em.fork(), organizationId, permissions[0]!, this.deps.clock.now()))
      .then((rights) => this.admitEvent(connection, rights, permissions));
  }

  private admitEvent(connection: SocketConnection, rights: OrganizationRights, permissions: readonly Permission[]): undefined {
    let refused;
    for (const permission of permissions) refused ??= eventRefusal(rights, connection.principal, permission);
    if (!refused) return undefined;
    // The socket learns it too: a gone credential closes it, a block ends its other web subscriptions.
    if (refused.credentialGone) connection.close();
    else void connection.refresh();
    throw refused.error;
  }

  private concerns(principal: Principal, userId: string): boolean {
    return principal.kind !== 'session' || principal.userId === userId;
  }

  private connectionOf(ctx: Context): SocketConnection {
    const connection = socketConnectionOf(ctx);
    if (!connection) throw overSocketOnly();
    return connection;
  }

  private opened<M, P>(subscriber: string, queue: AsyncQueue<M>, listening: Listening, stream: AsyncIterable<P>): AsyncIterable<P> {
    this.count(subscriber, 1);
    // The client may have gone while the topic was being listened to.
    if (queue.done) this.ended(subscriber, listening);
    return stream;
  }

  /** Counted once the stream listens; released once, whether it ends before or after that. */
  private ended(subscriber: string, listening: Listening): void {
    const stop = listening.stop;
    if (!stop) return;
    listening.stop = undefined;
    this.count(subscriber, -1);
    stop();
  }

  private count(subscriber: string, delta: number): void {
    const count = (this.streams.get(subscriber) ?? 0) + delta;
    if (count > 0) this.streams.set(subscriber, count);
    else this.streams.delete(subscriber);
  }
}

/** A subscription sent over HTTP: Apollo would run its fields without an event. */
export const overSocketOnly = (): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, 'Subscriptions are served over the WebSocket (graphql-ws protocol) at /graphql.');

const auditFeedLost = (): DomainError =>
  new DomainError(
    ErrorCode.CONFLICT,
    'The live audit log was interrupted and entries may have been missed. Query the log again, then subscribe anew.',
  );

function subscriberOf(principal: Principal): string {
  return principal.kind === 'session' ? principal.userId : principal.kind === 'integration' ? principal.tokenId : 'anonymous';
}

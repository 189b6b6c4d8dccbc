import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { systemClock, type Clock } from './core/clock.js';
import { repoRoot, type Config } from './core/config.js';
import { startEmbeddedDatabase } from './core/database/embedded.js';
// First among the modules' imports: the entities' order is the schema's printing order (schema.graphql).
import { openDatabase } from './composition/database.js';
import { migrate } from './core/database/orm.js';
import { EventHub } from './core/events/domain-events.js';
import { buildTwostepSchema } from './core/graphql/schema.js';
import { createLogger, type Logger } from './core/logger.js';
import type { MailTransport, MailWorker } from './core/mail/index.js';
import { createPubSubEngine } from './core/pubsub/index.js';
import { resolveSecretKey } from './core/secrets.js';
import { executableSchema } from './composition/graphql.js';
import { mailDelivery } from './composition/mail.js';
import { resolvers } from './composition/resolvers.js';
import { serve } from './composition/serve.js';
import { createServices, type Services } from './composition/services.js';
import { credentialResolver } from './modules/accounts/index.js';
import { CampaignRunner } from './modules/alerts/index.js';
import { RolloutSweeper } from './modules/security-policy/index.js';
import { seedDemo } from './modules/demo/index.js';
import { WebhookDeliveryWorker, WebhookDispatcher, type ResolveHost } from './modules/webhooks/index.js';
import { ComplianceHistoryRecorder } from './modules/compliance-history/index.js';
import type { LiveOptions } from './modules/live/index.js';

export interface StartOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  /** Replaces the SMTP or file transport (tests use a real SMTP sink through `SMTP_URL` instead). */
  mailTransport?: MailTransport;
  /** Start the mail delivery workers (default true). */
  mailWorkers?: boolean;
  /** Start the alert campaign runner (default true). */
  campaignWorkers?: boolean;
  /** Start the rollout sweeper (default true): scheduled dates, windows' ends, exemptions' expiries. */
  rolloutWorkers?: boolean;
  /** Start the webhook dispatcher and delivery workers (default true). */
  webhookWorkers?: boolean;
  /** Start the compliance history recorder (default true). */
  historyWorkers?: boolean;
  /** Resolves webhook hosts (default the system's DNS; tests stub names). */
  resolveHost?: ResolveHost;
  /** Live updates: the summary's coalescing interval, the socket sweep, the `connection_init` wait. */
  live?: LiveOptions & { connectionInitWaitMs?: number };
}

export interface Twostep {
  url: string;
  port: number;
  config: Config;
  orm: MikroORM;
  services: Services;
  schema: GraphQLSchema;
  mailWorker: MailWorker;
  campaignRunner: CampaignRunner;
  rolloutSweeper: RolloutSweeper;
  webhookDispatcher: WebhookDispatcher;
  webhookDelivery: WebhookDeliveryWorker;
  /** Records the compliance history (tests drain it by hand with `historyWorkers: false`). */
  historyRecorder: ComplianceHistoryRecorder;
  databaseUrl: string;
  stop(): Promise<void>;
}

export const schemaFile = path.join(repoRoot, 'packages/server/schema.graphql');

/** Builds the schema alone (for printing it and for the classification walk). */
export function buildSchemaOnly(): Promise<GraphQLSchema> {
  // type-graphql wants a PubSub once there are subscriptions; ours bring their own `subscribe`.
  return buildTwostepSchema(resolvers, { pubSub: createPubSub() });
}

/** What to undo on stop, in reverse order of starting. */
class Stops {
  private readonly list: (() => Promise<void>)[] = [];
  constructor(private readonly log: Logger) {}
  add(...stops: (() => Promise<void>)[]): void {
    this.list.push(...stops);
  }
  async run(): Promise<void> {
    for (const stop of this.list.reverse()) await stop().catch((err: unknown) => this.log.error({ err }, 'stop failed'));
  }
}

/**
 * Starts Twostep, the composition root: the database (embedded unless `DATABASE_URL`) and its
 * migrations, the services, mail delivery and campaigns, the demo data, the schema with its
 * resolvers, the HTTP and WebSocket server, then the workers. Each step is a named function; this
 * one only wires them in order and undoes them on stop.
 */
export async function startTwostep(options: StartOptions): Promise<Twostep> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config);
  const stops = new Stops(log);
  try {
    const { orm, databaseUrl, embedded } = await storage(config, log, stops);
    const events = new EventHub();
    // In process, or Redis with REDIS_URL (a start fails when Redis cannot be reached).
    const pubsub = await createPubSubEngine(config.redisUrl, log);
    stops.add(() => pubsub.close());

    // Services and the workers wake each other: the workers exist once the services do.
    const workers: { campaignRunner?: CampaignRunner; mailWorker?: MailWorker; webhookDelivery?: WebhookDeliveryWorker } = {};
    const services = createServices({
      config,
      clock,
      log,
      orm,
      events,
      secretKey: resolveSecretKey(config, log),
      wakeMail: () => workers.mailWorker?.wake(),
      wakeCampaigns: () => workers.campaignRunner?.wake(),
      wakeWebhooks: () => workers.webhookDelivery?.wake(),
      resolveHost: options.resolveHost,
      pubsub,
      live: { ...options.live, databaseUrl },
    });
    // Stops run in reverse: a password reset answered a moment ago queues its mail before the database closes.
    stops.add(() => services.accounts.settled());
    await services.live.start();
    stops.add(async () => services.live.stop());

    const mail = mailDelivery({
      config,
      orm,
      clock,
      log,
      box: services.box,
      transport: options.mailTransport,
      worker: {
        holdBulk: () => workers.campaignRunner?.queueing ?? false,
        // Alerts show their mail's delivery state live.
        onSettled: (mailIds) => services.alerts.publishDeliveries(orm.em.fork(), mailIds),
      },
    });
    const runner = new CampaignRunner(
      {
        orm,
        clock,
        log,
        audit: services.audit,
        events,
        mail: services.mail,
        wakeMail: () => mail.worker.wake(),
        batchSize: config.campaignBatchSize,
      },
      config.mailPollMs,
    );
    Object.assign(workers, { mailWorker: mail.worker, campaignRunner: runner });
    const sweeper = new RolloutSweeper(
      { orm, clock, log, audit: services.audit, events, exemptions: services.exemptions, wakeCampaigns: () => runner.wake() },
      config.rolloutPollMs,
    );

    const webhookDelivery = new WebhookDeliveryWorker(
      {
        orm,
        clock,
        log,
        box: services.box,
        mail: services.mail,
        audit: services.audit,
        resolve: services.resolveHost,
        allowLoopback: config.webhookAllowLoopback,
      },
      config.webhookPollMs,
    );
    workers.webhookDelivery = webhookDelivery;
    const webhookDispatcher = new WebhookDispatcher(
      { orm, clock, log, members: services.members, wakeDeliveries: () => webhookDelivery.wake() },
      config.webhookPollMs,
    );

    const historyRecorder = new ComplianceHistoryRecorder({ orm, clock, log, events, members: services.members }, config.historyPollMs);

    if (config.demo && embedded) await seedDemo(orm.em.fork(), services, log);

    const { schema, gate } = await executableSchema(services, pubsub.pubSub);
    const served = await serve({
      config,
      clock,
      log,
      orm,
      schema,
      gate,
      schemaFile,
      authenticate: credentialResolver({
        sessions: services.sessions,
        otherBearer: (em, token) => services.integrationTokens.authenticate(em, token),
      }),
      services,
      connectionInitWaitMs: options.live?.connectionInitWaitMs,
    });
    stops.add(...served.stops);

    if (options.mailWorkers !== false) mail.worker.start();
    if (options.campaignWorkers !== false) runner.start();
    if (options.rolloutWorkers !== false) sweeper.start();
    if (options.webhookWorkers !== false) {
      webhookDispatcher.start();
      webhookDelivery.start();
    }
    if (options.historyWorkers !== false) historyRecorder.start();
    stops.add(async () => {
      await historyRecorder.stop();
      await webhookDispatcher.stop();
      await webhookDelivery.stop();
      await sweeper.stop();
      await runner.stop();
      await mail.worker.stop();
      mail.transport.close();
    });

    const port = (served.httpServer.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    if (!fs.existsSync(schemaFile)) log.warn({ schemaFile }, 'schema.graphql is missing: run `pnpm schema:print`');
    return {
      url,
      port,
      config,
      orm,
      services,
      schema,
      mailWorker: mail.worker,
      campaignRunner: runner,
      rolloutSweeper: sweeper,
      webhookDispatcher,
      webhookDelivery,
      historyRecorder,
      databaseUrl,
      stop: () => stops.run(),
    };
  } catch (error) {
    await stops.run();
    throw error;
  }
}

/** The database: `DATABASE_URL`, or an embedded PostgreSQL in the data folder; migrated. */
async function storage(config: Config, log: Logger, stops: Stops): Promise<{ orm: MikroORM; databaseUrl: string; embedded: boolean }> {
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const database = await startEmbeddedDatabase(config.dataDir, log);
    stops.add(() => database.stop());
    databaseUrl = database.url;
  }
  const orm = await openDatabase(databaseUrl);
  stops.add(() => orm.close(true));
  const applied = await migrate(orm);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  return { orm, databaseUrl, embedded: !config.databaseUrl };
}

import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { systemClock, type Clock } from './core/clock.js';
import { repoRoot, type Config } from './core/config.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './core/database/embedded.js';
import { migrate, openDatabase } from './core/database/orm.js';
import { EventHub } from './core/events/domain-events.js';
import { createApollo } from './core/graphql/apollo.js';
import { freshCallerPerMutationField } from './core/graphql/fresh-caller.js';
import { anonymous, type Principal } from './core/graphql/principal.js';
import { buildTwostepSchema } from './core/graphql/schema.js';
import { buildSurfaceMap } from './core/graphql/surface.js';
import { attachWebSocket } from './core/graphql/websocket.js';
import { bearerToken, headerValue, readCookie } from './core/http/credentials.js';
import { createHttpApp } from './core/http/express-app.js';
import { createLogger, type Logger } from './core/logger.js';
import { createPubSubEngine } from './core/pubsub/index.js';
import { fileTransport, MailWorker, smtpTransport, type MailTransport } from './core/mail/index.js';
import { resolveSecretKey } from './core/secrets.js';
import type { Context } from './context.js';
import { SESSION_COOKIE } from './modules/accounts/index.js';
import { INTEGRATION_TOKEN_PREFIX } from './modules/integration-tokens/index.js';
import type { LiveOptions } from './modules/live/index.js';
import { resolvers } from './resolvers.js';
import { CampaignRunner } from './modules/alerts/index.js';
import { createServices, mailTemplates, type Services } from './services.js';
import { seedDemo } from './modules/demo/index.js';

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
  databaseUrl: string;
  stop(): Promise<void>;
}

export const schemaFile = path.join(repoRoot, 'packages/server/schema.graphql');

/** Builds the schema alone (for printing it and for the classification walk). */
export function buildSchemaOnly(): Promise<GraphQLSchema> {
  // type-graphql wants a PubSub once there are subscriptions; ours bring their own `subscribe`.
  return buildTwostepSchema(resolvers, createPubSub());
}

/** Starts Twostep: database (embedded unless `DATABASE_URL`), migrations, API, console, mail workers. */
export async function startTwostep(options: StartOptions): Promise<Twostep> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config);
  const exposeErrors = config.exposeInternalErrors;

  let embedded: EmbeddedDatabase | undefined;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log.error({ err }, 'stop failed'));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const database = await startEmbeddedDatabase(config.dataDir, log);
      embedded = database;
      stops.push(() => database.stop());
      databaseUrl = database.url;
    }
    const orm = await openDatabase(databaseUrl);
    stops.push(() => orm.close(true));
    const applied = await migrate(orm);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');

    const events = new EventHub();
    // In process, or Redis with REDIS_URL (a start fails when Redis cannot be reached).
    const pubsub = await createPubSubEngine(config.redisUrl, log);
    stops.push(() => pubsub.close());
    const services = createServices({
      config,
      clock,
      log,
      orm,
      events,
      secretKey: resolveSecretKey(config, log),
      wakeMail: () => mailWorker.wake(),
      wakeCampaigns: () => campaignRunner.wake(),
      pubsub,
      live: options.live,
    });
    // Stops run in reverse: a password reset answered a moment ago queues its mail before the database closes.
    stops.push(() => services.accounts.settled());
    await services.live.start();
    stops.push(async () => services.live.stop());
    const transport =
      options.mailTransport ?? (config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(path.join(config.dataDir, 'mail'), log));
    const mailWorker = new MailWorker({
      orm,
      clock,
      log,
      transport,
      templates: mailTemplates,
      box: services.box,
      from: config.mailFrom,
      env: { publicUrl: config.publicUrl },
      pollMs: config.mailPollMs,
      holdBulk: () => campaignRunner.queueing,
      // Alerts show their mail's delivery state live.
      onSettled: (mailIds) => {
        services.alerts.byMailIds(orm.em.fork(), mailIds).then(
          (alerts) => {
            for (const alert of alerts) {
              events.publish({
                type: 'memberSecurityChanged',
                organizationIds: [alert.organization_id],
                userId: alert.user_id,
                change: 'ALERT_DELIVERY_CHANGED',
                alertId: alert.id,
              });
            }
          },
          (err: unknown) => log.error({ err }, 'alert delivery events failed'),
        );
      },
    });
    const campaignRunner = new CampaignRunner(
      { orm, clock, log, audit: services.audit, events, wakeMail: () => mailWorker.wake(), batchSize: config.campaignBatchSize },
      config.mailPollMs,
    );

    if (config.demo && embedded) await seedDemo(orm.em.fork(), services, log);

    const schema = await buildTwostepSchema(resolvers, pubsub.pubSub);
    const surfaces = buildSurfaceMap(schema);
    freshCallerPerMutationField(schema, surfaces);

    const authenticate = async (em: Context['em'], cookie: string | undefined, authorization: string | undefined): Promise<Principal> => {
      const bearer = bearerToken(authorization);
      // An organization's integration token (`tsi_`) acts as the organization, not as a person.
      if (bearer?.startsWith(INTEGRATION_TOKEN_PREFIX)) return (await services.integrationTokens.authenticate(em, bearer)) ?? anonymous;
      if (bearer)
        return (await services.sessions.authenticate(em, bearer).then((p) => (p && p.client !== 'WEB' ? p : undefined))) ?? anonymous;
      const token = readCookie(cookie, SESSION_COOKIE);
      if (token)
        return (await services.sessions.authenticate(em, token).then((p) => (p && p.client === 'WEB' ? p : undefined))) ?? anonymous;
      return anonymous;
    };

    const httpServer = http.createServer();
    const apollo = createApollo({
      schema,
      surfaces,
      httpServer,
      log,
      introspection: config.introspection,
      exposeErrors,
      onBlocked: (principal) => {
        if (principal.kind !== 'session') return;
        services.members
          .recordBlock(orm.em.fork(), principal.userId)
          .catch((err: unknown) => log.error({ err }, 'recording a block failed'));
      },
    });
    await apollo.start();
    stops.push(() => apollo.stop());
    const graphql = expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const em = orm.em.fork();
        const reauthenticate = () => authenticate(em, req.headers.cookie, req.headers.authorization);
        return {
          em,
          principal: await reauthenticate(),
          reauthenticate,
          services,
          ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
          userAgent: req.headers['user-agent'],
          http: { req, res },
        };
      },
    });
    httpServer.on('request', createHttpApp({ config, orm, schemaFile, graphql }));

    const socket = attachWebSocket({
      httpServer,
      schema,
      surfaces,
      log,
      exposeErrors,
      introspection: config.introspection,
      sockets: services.live.sockets,
      connectionInitWaitMs: options.live?.connectionInitWaitMs,
      auth: {
        authenticate: async (request, params) => {
          const em = orm.em.fork();
          const authorization = typeof params?.authorization === 'string' ? params.authorization : undefined;
          if (authorization) {
            const principal = await authenticate(em, undefined, authorization);
            return principal.kind === 'anonymous' ? undefined : principal;
          }
          // A cookie socket must come from the console, which is served at exactly PUBLIC_URL's
          // origin (page requests at another host name of this server are redirected there; the
          // Vite dev server rewrites its proxied socket's origin to the API's). Any other page,
          // this server's other names included, is refused.
          const origin = headerValue(request, 'origin');
          if (!origin || origin !== new URL(config.publicUrl).origin) return undefined;
          const principal = await authenticate(em, headerValue(request, 'cookie'), undefined);
          return principal.kind === 'anonymous' ? undefined : principal;
        },
        context: (principal, request) => {
          let em: Context['em'] | undefined;
          return {
            // Forked when first used: a subscription's events read through the services' own forks,
            // and a dashboard wall holds thousands of subscriptions (docs/benchmarks.md, scenario 4).
            get em() {
              return (em ??= orm.em.fork());
            },
            principal,
            services,
            ip: request.socket.remoteAddress ?? 'unknown',
            userAgent: headerValue(request, 'user-agent'),
          };
        },
      },
    });
    stops.push(socket.dispose);

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    // The HTTP server finishes closing only when every connection has, open WebSockets included:
    // end those at once, or a graceful stop waits until it is forced (exit 1 after 15 s).
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          for (const client of socket.server.clients) client.terminate();
        }),
    );
    if (options.mailWorkers !== false) mailWorker.start();
    if (options.campaignWorkers !== false) campaignRunner.start();
    stops.push(async () => {
      await campaignRunner.stop();
      await mailWorker.stop();
      transport.close();
    });

    const port = (httpServer.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    if (!fs.existsSync(schemaFile)) log.warn({ schemaFile }, 'schema.graphql is missing: run `pnpm schema:print`');
    return { url, port, config, orm, services, schema, mailWorker, campaignRunner, databaseUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

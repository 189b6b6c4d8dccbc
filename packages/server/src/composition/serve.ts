import http from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { createApollo } from '../core/graphql/apollo.js';
import type { Context } from '../core/graphql/context.js';
import type { Gate } from '../core/graphql/gate.js';
import { attachWebSocket } from '../core/graphql/websocket.js';
import { headerValue } from '../core/http/credentials.js';
import { createHttpApp } from '../core/http/express-app.js';
import type { Logger } from '../core/logger.js';
import type { CredentialResolver } from '../modules/accounts/index.js';
import { blockingOrganizationsOf } from '../modules/access/index.js';
import { exportsRouter } from '../modules/exports/index.js';
import type { Services } from './services.js';

export interface Served {
  httpServer: http.Server;
  /** Ends the WebSockets and Apollo, then closes the port (open sockets are terminated). */
  stops: (() => Promise<void>)[];
  terminateSockets(): void;
}

/**
 * One HTTP server for everything: the API (Apollo over Express), the WebSocket (graphql-ws), the
 * CSV exports (with the API's credential rules), the console and the published schema. Both
 * transports build the same request context here: a fresh entity manager, the principal from the
 * credentials, the request's facts.
 */
export async function serve(deps: {
  config: Config;
  clock: Clock;
  log: Logger;
  orm: MikroORM;
  schema: GraphQLSchema;
  gate: Gate;
  schemaFile: string;
  authenticate: CredentialResolver;
  services: Pick<Services, 'members' | 'live'>;
  connectionInitWaitMs?: number;
}): Promise<Served> {
  const { config, log, orm, schema, gate, authenticate } = deps;
  const stops: (() => Promise<void>)[] = [];
  const httpServer = http.createServer();
  const apollo = createApollo({
    schema,
    gate,
    httpServer,
    log,
    introspection: config.introspection,
    exposeErrors: config.exposeInternalErrors,
    onBlocked: (principal) => {
      if (principal.kind !== 'session') return;
      deps.services.members
        .recordBlock(
          orm.em.fork(),
          principal.userId,
          blockingOrganizationsOf(principal).map((o) => o.id),
        )
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
        ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        userAgent: req.headers['user-agent'],
        http: { req, res },
      };
    },
  });
  const exportRoutes = exportsRouter({ orm, clock: deps.clock, log, authenticate });
  httpServer.on('request', createHttpApp({ config, orm, schemaFile: deps.schemaFile, graphql, routes: [exportRoutes] }));

  const socket = attachWebSocket({
    httpServer,
    schema,
    gate,
    log,
    exposeErrors: config.exposeInternalErrors,
    introspection: config.introspection,
    sockets: deps.services.live.sockets,
    connectionInitWaitMs: deps.connectionInitWaitMs,
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
  const terminateSockets = (): void => {
    for (const client of socket.server.clients) client.terminate();
  };
  // The HTTP server finishes closing only when every connection has, open WebSockets included:
  // end those at once, or a graceful stop waits until it is forced (exit 1 after 15 s).
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        terminateSockets();
      }),
  );
  return { httpServer, stops, terminateSockets };
}

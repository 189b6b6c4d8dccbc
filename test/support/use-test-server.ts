import type { ManualClock, Twostep } from '@twostep/server';
import { afterAll, beforeAll } from 'vitest';
import { Factory } from './factory.js';
import { GraphQLClient } from './graphql-client.js';
import { startTestServer, type TestServer, type TestServerOptions } from './server.js';
import type { SmtpSink } from './smtp-sink.js';

export interface UseTestServerOptions extends TestServerOptions {
  /** Configuration on top of the test defaults (see `startTestServer`), e.g. `{ TRUST_PROXY: 'true' }`. */
  env?: Record<string, string>;
}

/** What `useTestServer` started for a file (or a `describe`), read once its `beforeAll` has run. */
export interface TestWorld {
  /** The whole server (its app, URL, clock, SMTP sink and database URL), for helpers that take one. */
  readonly server: TestServer;
  /** The server's base URL (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** The running Twostep, for what only the process can show (its workers, its services). */
  readonly app: Twostep;
  /** The clock the server reads; tests move it. */
  readonly clock: ManualClock;
  /** The SMTP server that receives the server's mail. */
  readonly smtp: SmtpSink;
  /** Builds users, organizations, memberships and sessions straight into this server's database. */
  readonly factory: Factory;
  /** A GraphQL client without credentials, as a visitor who has not signed in. */
  readonly anonymous: GraphQLClient;
}

/**
 * One real Twostep for the tests of a file, or of the `describe` it is called in: on its own fresh
 * database, with its own SMTP sink, data folder and clock (see `startTestServer`). It registers
 * the hooks itself — `beforeAll` starts the server, `afterAll` stops it and drops everything it
 * started — and returns a world whose getters give what was started:
 *
 * ```ts
 * const world = useTestServer({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: '10' }, mailWorkers: false });
 *
 * it('…', async () => {
 *   const user = await world.factory.user();
 *   await world.anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'WEB' } });
 * });
 * ```
 *
 * The getters throw until the server has started, so read them in hooks and tests, not at the
 * top of the file. A file's own `beforeAll` registered after the call runs once the server is up
 * (data every test shares); its own `afterAll` runs before the server stops (Vitest runs
 * `afterAll` hooks in reverse order). Whatever `connectVia` needs (a statement counter) must be
 * started by a hook registered before the call.
 */
export function useTestServer(options: UseTestServerOptions = {}): TestWorld {
  const { env = {}, ...startOptions } = options;
  let started: { server: TestServer; factory: Factory; anonymous: GraphQLClient } | undefined;

  beforeAll(async () => {
    const server = await startTestServer(env, startOptions);
    started = { server, factory: new Factory(server.app), anonymous: new GraphQLClient(server.url) };
  });
  afterAll(async () => {
    await started?.server.stop();
  });

  const running = (): NonNullable<typeof started> => {
    if (!started) throw new Error('useTestServer: the server starts in beforeAll; read the world in hooks and tests');
    return started;
  };
  return {
    get server() {
      return running().server;
    },
    get url() {
      return running().server.url;
    },
    get app() {
      return running().server.app;
    },
    get clock() {
      return running().server.clock;
    },
    get smtp() {
      return running().server.smtp;
    },
    get factory() {
      return running().factory;
    },
    get anonymous() {
      return running().anonymous;
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Twostep } from '@twostep/server';
import { ErrorCode } from '@twostep/shared';
import { Factory } from '../support/factory.js';
import { GraphQLClient } from '../support/graphql-client.js';
import { startTestServer } from '../support/server.js';
import { RawSocket } from './support/socket.js';
import { startPlainServer, type PlainServer } from './support/servers.js';

/**
 * SECURITY.md 16 and 19: what the API says about itself. Introspection and the landing page are off
 * unless explicitly enabled, even with NODE_ENV unset; errors carry no stack, no SQL, no internal
 * message, over HTTP and the WebSocket.
 */
const INTROSPECTION = [`{ __schema { queryType { name } } }`, `{ __type(name: "Query") { name } }`];

/** A web session of a fresh user, on the console's two ways in. */
async function webCredentials(app: Twostep): Promise<{ http: GraphQLClient; socket: RawSocket }> {
  const factory = new Factory(app);
  const user = await factory.user();
  const cookie = `twostep_session=${await factory.sessionToken(user.id, 'WEB')}`;
  const { socket, acknowledged } = await RawSocket.open(app.url, { headers: { cookie, origin: app.config.publicUrl } });
  expect(acknowledged).toBe(true);
  return { http: new GraphQLClient(app.url, { cookie }), socket };
}

async function landingPageAbsent(url: string): Promise<void> {
  const variants: Record<string, string>[] = [{ accept: 'text/html' }, { accept: 'text/html', 'apollo-require-preflight': 'true' }];
  for (const headers of variants) {
    const response = await fetch(`${url}/graphql`, { headers });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-type')).not.toMatch(/html/);
    expect(await response.text()).not.toMatch(/<html|<script|sandbox|embeddable|apollographql/i);
  }
}

describe('introspection and the landing page', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  async function refusedEverywhere(app: Twostep): Promise<void> {
    const { http, socket } = await webCredentials(app);
    try {
      for (const query of INTROSPECTION) {
        const answer = await http.request(query);
        expect(answer.data ?? null).toBeNull();
        expect(answer.errors?.[0]?.extensions?.code).toBe(ErrorCode.GRAPHQL_VALIDATION_FAILED);
        const overSocket = await socket.request(query);
        expect(overSocket.data ?? null).toBeNull();
        expect(overSocket.errors?.[0]?.extensions?.code).toBe(ErrorCode.GRAPHQL_VALIDATION_FAILED);
      }
      // __typename is not introspection: it stays available.
      expect((await http.ok(`{ __typename }`)).__typename).toBe('Query');
    } finally {
      socket.close();
    }
  }

  it('are off in the test configuration', async () => {
    const server = await startTestServer();
    servers.push({ close: () => server.stop() });
    await refusedEverywhere(server.app);
    await landingPageAbsent(server.url);
  });

  it('are off when NODE_ENV is unset (the server then runs as development)', async () => {
    const server = await startPlainServer({ LOG_LEVEL: 'fatal' });
    servers.push({ close: () => server.stop() });
    expect(server.app.config.nodeEnv).toBe('development');
    expect(server.app.config.introspection).toBe(false);
    await refusedEverywhere(server.app);
    await landingPageAbsent(server.url);
  });

  it('introspection answers only with GRAPHQL_INTROSPECTION=true, over HTTP and the socket; the landing page stays off', async () => {
    const server = await startPlainServer({ LOG_LEVEL: 'fatal', GRAPHQL_INTROSPECTION: 'true' });
    servers.push({ close: () => server.stop() });
    const { http, socket } = await webCredentials(server.app);
    try {
      for (const query of INTROSPECTION) {
        expect((await http.request(query)).errors).toBeUndefined();
        expect((await socket.request(query)).errors).toBeUndefined();
      }
    } finally {
      socket.close();
    }
    await landingPageAbsent(server.url);
  });

  it('cannot be switched on in production', () => {
    const production = {
      NODE_ENV: 'production',
      SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
      DATABASE_URL: 'postgres://u@h/db',
      SMTP_URL: 'smtp://h:25',
    };
    expect(() => loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' })).toThrow(/^GRAPHQL_INTROSPECTION:/);
    expect(() => loadConfig({ ...production, EXPOSE_INTERNAL_ERRORS: 'true' })).toThrow(/^EXPOSE_INTERNAL_ERRORS:/);
  });
});

describe('errors carry no internals (NODE_ENV unset)', () => {
  let server: PlainServer;
  let http: GraphQLClient;
  let socket: RawSocket;
  beforeAll(async () => {
    server = await startPlainServer({ LOG_LEVEL: 'trace' });
    ({ http, socket } = await webCredentials(server.app));
    // Break the server from below: the table behind invitations disappears.
    await server.app.orm.em.fork().getConnection().execute(`drop table invitation cascade`);
  });
  afterAll(async () => {
    socket.close();
    await server.stop();
  });

  const PREVIEW = `query($t: String!) { invitationPreview(token: $t) { email } }`;
  // The path names the field asked for (`invitationPreview`); nothing else may name the failure.
  const leaks = /invitation\b|relation|select |sql|postgres|stack|\.js\b|\.ts\b|at \w+ \(|node_modules|Error:/i;

  it('HTTP: INTERNAL_SERVER_ERROR with a generic message, no stack, no SQL', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PREVIEW, variables: { t: 'tsv_anything' } }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.extensions).toEqual({ code: ErrorCode.INTERNAL_SERVER_ERROR });
    expect(body.errors[0]!.message).toBe('Internal server error');
    expect(text).not.toMatch(leaks);
  });

  it('WebSocket: the same answer', async () => {
    const answer = await socket.request(PREVIEW, { t: 'tsv_anything' });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]!.extensions).toEqual({ code: ErrorCode.INTERNAL_SERVER_ERROR });
    expect(answer.errors![0]!.message).toBe('Internal server error');
    expect(JSON.stringify(answer)).not.toMatch(leaks);
  });

  it('the details go to the log instead', async () => {
    await http.request(PREVIEW, { t: 'tsv_logged' });
    const logged = server.logs.filter((line) => line.msg === 'unexpected error');
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged.at(-1))).toMatch(/invitation/);
  });

  it('a malformed body gets a code, not a stack', async () => {
    for (const body of ['{"query": ', '[', '{"query": "{ serverInfo { version } }", "variables": "x"}']) {
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).not.toMatch(/\bat \w|node_modules|\.js:\d/);
      expect((JSON.parse(text) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toMatch(/^[A-Z_]+$/);
    }
  });
});

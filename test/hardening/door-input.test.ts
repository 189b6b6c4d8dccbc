import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { ErrorCode } from '@twostep/shared';
import { Factory } from '../support/factory.js';
import { GraphQLClient } from '../support/graphql-client.js';
import { RawSocket, type SocketError } from './support/socket.js';
import { startPlainServer, type PlainServer } from './support/servers.js';

/**
 * Issue 12, defect 5: input that still got INTERNAL_SERVER_ERROR (and an error with a stack in
 * the log), or slipped through changed. A lone UTF-16 surrogate in text is refused at the door as
 * NUL is; automatic persisted queries are off with their own code; a body in a charset or
 * encoding the server cannot read gets 415 UNSUPPORTED_MEDIA_TYPE. None of it logs an error.
 */
let server: PlainServer;
let factory: Factory;
let org: { id: string };
let cookie: string;
let socket: RawSocket;

beforeAll(async () => {
  server = await startPlainServer({ LOG_LEVEL: 'trace' });
  factory = new Factory(server.app);
  org = await factory.organization('Door Org');
  const admin = await factory.user({ twoFactor: true });
  await factory.member(org.id, admin.id, 'LEGAL_REPRESENTATIVE');
  cookie = `twostep_session=${await factory.sessionToken(admin.id, 'WEB')}`;
  socket = await consoleSocket();
});
afterAll(async () => {
  socket?.close();
  await server?.stop();
});

async function consoleSocket(): Promise<RawSocket> {
  const opened = await RawSocket.open(server.url, { headers: { cookie, origin: server.app.config.publicUrl } });
  expect(opened.acknowledged).toBe(true);
  return opened.socket;
}

/** Log lines at level error (50) and above, written since `from`. */
const errorsLoggedSince = (from: number): Record<string, unknown>[] => server.logs.slice(from).filter((line) => Number(line.level) >= 50);

type Way = 'HTTP' | 'WebSocket';

async function send(way: Way, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors: SocketError[] }> {
  // JSON.stringify writes a lone surrogate as the escape `\ud800`; the server's JSON.parse makes it one again.
  if (way === 'HTTP') {
    const result = await new GraphQLClient(server.url, { cookie }).request(query, variables);
    return { data: result.data, errors: result.errors ?? [] };
  }
  const result = await socket.request(query, variables);
  expect(result.closed).toBeUndefined();
  return { data: result.data, errors: result.errors ?? [] };
}

const codes = (answer: { errors: SocketError[] }): string[] => answer.errors.map((e) => String(e.extensions?.code));

const CREATE = `mutation($input: CreateIntegrationTokenInput!) { createIntegrationToken(input: $input) { token integrationToken { name } } }`;
const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id email } }`;
/** Lone halves of a pair, and a pair in the wrong order. */
const LONE = ['a\ud800b', 'a\udfffb', 'a\ude00\ud83db', 'end\ud83d'];

describe.each(['HTTP', 'WebSocket'] as const)('a lone UTF-16 surrogate in text, over %s', (way) => {
  const tokenNames = async (): Promise<string[]> =>
    (await factory.query(`select name from integration_token where organization_id = ?`, [org.id])).map((row) => String(row.name));

  it('createIntegrationToken: BAD_USER_INPUT in variables and in a literal; no token is made', async () => {
    const before = await tokenNames();
    for (const name of LONE) {
      const inVariables = await send(way, CREATE, { input: { organizationId: org.id, name, scopes: ['MEMBERS_READ'] } });
      expect(codes(inVariables), JSON.stringify(name)).toEqual([ErrorCode.BAD_USER_INPUT]);
      expect(inVariables.errors[0]!.extensions?.field).toBe('input.name');
      const literal = `mutation { createIntegrationToken(input: { organizationId: "${org.id}", name: "${name}", scopes: [MEMBERS_READ] }) { token } }`;
      const inLiteral = await send(way, literal);
      expect(codes(inLiteral), JSON.stringify(name)).toEqual([ErrorCode.BAD_USER_INPUT]);
      expect(inLiteral.errors[0]!.extensions?.field).toBe('query');
      expect(inLiteral.data ?? null).toBeNull();
    }
    expect(await tokenNames()).toEqual(before);
  });

  it('inviteMember: BAD_USER_INPUT in variables and in a literal; no invitation is made', async () => {
    const email = 'a\udfff@b.cc';
    const inVariables = await send(way, INVITE, { input: { organizationId: org.id, email, role: 'USER', kind: 'INTERNAL' } });
    expect(codes(inVariables)).toEqual([ErrorCode.BAD_USER_INPUT]);
    expect(inVariables.errors[0]!.extensions?.field).toBe('input.email');
    const literal = `mutation { inviteMember(input: { organizationId: "${org.id}", email: "${email}", role: USER, kind: INTERNAL }) { id } }`;
    expect(codes(await send(way, literal))).toEqual([ErrorCode.BAD_USER_INPUT]);
    expect(await factory.query(`select 1 from invitation where organization_id = ?`, [org.id])).toEqual([]);
  });

  it('a surrogate pair (a character beyond the BMP) is ordinary text', async () => {
    const name = `${way} \ud83d\ude00 token`;
    const answer = await send(way, CREATE, { input: { organizationId: org.id, name, scopes: ['MEMBERS_READ'] } });
    expect(answer.errors).toEqual([]);
    expect(answer.data.createIntegrationToken.integrationToken.name).toBe(name);
    expect(await tokenNames()).toContain(name);
  });

  it('the GraphQL escape of a lone surrogate is no text at all: GRAPHQL_PARSE_FAILED', async () => {
    expect(codes(await send(way, `{ invitationPreview(token: "a\\ud800b") { email } }`))).toEqual([ErrorCode.GRAPHQL_PARSE_FAILED]);
    expect(codes(await send(way, `{ invitationPreview(token: "a\\ud83d\\ude00b") { email } }`))).toEqual([ErrorCode.TOKEN_INVALID]);
  });
});

describe('automatic persisted queries are off', () => {
  const QUERY = `{ serverInfo { version } }`;
  const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
  const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  async function post(body: Record<string, unknown>): Promise<{ status: number; errors: SocketError[]; data?: unknown }> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const parsed = (await response.json()) as { errors?: SocketError[]; data?: unknown };
    return { status: response.status, errors: parsed.errors ?? [], data: parsed.data };
  }

  it('HTTP: an unknown hash, a wrong hash beside a query, and a right one: PERSISTED_QUERY_NOT_SUPPORTED, nothing logged as an error', async () => {
    const from = server.logs.length;
    const answers = [
      await post({ extensions: persisted('0'.repeat(64)) }),
      await post({ query: QUERY, extensions: persisted('0'.repeat(64)) }),
      await post({ query: QUERY, extensions: persisted(sha256(QUERY)) }),
    ];
    for (const answer of answers) {
      // HTTP 200, as Apollo answers it: APQ clients read the code and send the whole document.
      expect(answer.status).toBe(200);
      expect(codes(answer)).toEqual([ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]);
      expect(answer.data ?? null).toBeNull();
    }
    const get = await fetch(`${server.url}/graphql?extensions=${encodeURIComponent(JSON.stringify(persisted(sha256(QUERY))))}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(codes((await get.json()) as { errors: SocketError[] })).toEqual([ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]);
    expect(errorsLoggedSince(from)).toEqual([]);
  });

  it('WebSocket: graphql-ws ignores extensions; a hash without a query is a protocol error that closes only that socket', async () => {
    const from = server.logs.length;
    const own = await consoleSocket();
    const ws: WebSocket = own.ws;
    const messages: { id?: string; type: string; payload?: any }[] = [];
    // Text frames arrive as one Buffer each.
    ws.on('message', (raw) => messages.push(JSON.parse((raw as Buffer).toString('utf8')) as (typeof messages)[number]));
    ws.send(JSON.stringify({ id: 'q', type: 'subscribe', payload: { query: QUERY, extensions: persisted('0'.repeat(64)) } }));
    await expect.poll(() => messages.find((m) => m.id === 'q' && m.type === 'next')).toBeTruthy();
    expect(messages.find((m) => m.id === 'q' && m.type === 'next')!.payload.data.serverInfo.version).toEqual(expect.any(String));
    ws.send(JSON.stringify({ id: 'h', type: 'subscribe', payload: { extensions: persisted(sha256(QUERY)) } }));
    // graphql-ws: 4400, an invalid message.
    expect((await own.closed).code).toBe(4400);
    // The shared socket of this file is untouched.
    expect((await socket.request(QUERY)).data?.serverInfo?.version).toEqual(expect.any(String));
    expect(errorsLoggedSince(from)).toEqual([]);
  });
});

describe('request bodies the server cannot read (HTTP)', () => {
  const body = JSON.stringify({ query: `{ serverInfo { version } }` });
  async function post(headers: Record<string, string>): Promise<{ status: number; text: string }> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, text: await response.text() };
  }
  const codeOf = (text: string): unknown => (JSON.parse(text) as { errors: SocketError[] }).errors[0]?.extensions?.code;
  const stack = /\bat \w|node_modules|\.js:\d/;

  it('a charset other than UTF-8, or an unknown Content-Encoding: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const from = server.logs.length;
    const unreadable: Record<string, string>[] = [
      { 'content-type': 'application/json; charset=latin1' },
      { 'content-type': 'application/json; charset=iso-8859-1' },
      { 'content-encoding': 'gzip2' },
    ];
    for (const headers of unreadable) {
      const answer = await post(headers);
      expect(answer.status, JSON.stringify(headers)).toBe(415);
      expect(codeOf(answer.text)).toBe(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
      expect(answer.text).not.toMatch(stack);
    }
    expect(errorsLoggedSince(from)).toEqual([]);
  });

  it('any other refusal of the body parser is the client’s: BAD_REQUEST (a gzip body that is not gzip: 400)', async () => {
    const answer = await post({ 'content-encoding': 'gzip' });
    expect(answer.status).toBe(400);
    expect(codeOf(answer.text)).toBe(ErrorCode.BAD_REQUEST);
    expect(answer.text).not.toMatch(stack);
  });

  it('UTF-8, named or not, is read as before', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8']) {
      const answer = await post({ 'content-type': type });
      expect(answer.status, type).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ data: { serverInfo: { version: expect.any(String) } } });
    }
  });
});

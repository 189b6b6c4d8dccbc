import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentLimits } from '@twostep/server';
import { ErrorCode } from '@twostep/shared';
import { type TestUser } from '../support/factory.js';
import { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { RawSocket, type SocketError } from './support/socket.js';

/**
 * SECURITY.md 17 and 18: hostile documents get the documented codes, over HTTP and over the
 * WebSocket alike, before anything runs. (Attempt counting and the 64 KB cap on the socket are
 * in test/live/socket-operations.test.ts.)
 */
const world = useTestServer();
let admin: TestUser;
let org: { id: string };
let desktopToken: string;
let adminCookie: string;
const sockets: RawSocket[] = [];

interface Answer {
  status?: number;
  data?: Record<string, any> | null;
  errors: SocketError[];
  closed?: number;
}

type Way = 'HTTP' | 'WebSocket';
/** The administrator's desktop app (a bearer token) or console (the cookie), each two ways in. */
type Who = 'app' | 'console';

async function send(way: Way, who: Who, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  if (way === 'HTTP') {
    const credentials = who === 'app' ? { bearer: desktopToken } : { cookie: adminCookie };
    const result = await new GraphQLClient(world.url, credentials).request(query, variables);
    return { status: result.status, data: result.data, errors: result.errors ?? [] };
  }
  const result = await (await socketOf(who)).request(query, variables);
  return { data: result.data, errors: result.errors ?? [], closed: result.closed };
}

const open: Partial<Record<Who, RawSocket>> = {};
/** A socket of the desktop app (connection_init with its bearer token) or of the console (cookie and Origin). */
async function socketOf(who: Who): Promise<RawSocket> {
  const existing = open[who];
  if (existing) return existing;
  const { socket, acknowledged } =
    who === 'app'
      ? await RawSocket.open(world.url, { payload: { authorization: `Bearer ${desktopToken}` } })
      : await RawSocket.open(world.url, { headers: { cookie: adminCookie, origin: world.url } });
  expect(acknowledged).toBe(true);
  sockets.push(socket);
  open[who] = socket;
  return socket;
}

const documented = new Set<string>(Object.values(ErrorCode));
const codes = (answer: Answer): string[] => answer.errors.map((e) => String(e.extensions?.code));

beforeAll(async () => {
  org = await world.factory.organization('Limits Org');
  admin = await world.factory.user({ twoFactor: true });
  await world.factory.member(org.id, admin.id, 'ADMINISTRATOR');
  adminCookie = `twostep_session=${await world.factory.sessionToken(admin.id, 'WEB')}`;
  desktopToken = await world.factory.sessionToken(admin.id, 'DESKTOP');
});
afterAll(() => {
  for (const socket of sockets) socket.close();
});

const aliases = (n: number): string => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
const nested = (depth: number): string => `{ viewer ${'{ memberships '.repeat(depth - 1)}{ role }${' }'.repeat(depth - 1)} }`;
const suggestions = /did you mean|"(version|email|viewer|WEB|Viewer|input)"\?/i;

describe.each(['HTTP', 'WebSocket'] as const)('hostile documents over %s', (way) => {
  const run = (query: string, variables?: Record<string, unknown>): Promise<Answer> => send(way, 'app', query, variables);
  const asConsole = (query: string, variables?: Record<string, unknown>): Promise<Answer> => send(way, 'console', query, variables);

  it('a document deeper than the limit: QUERY_TOO_COMPLEX, nothing runs', async () => {
    const answer = await run(nested(documentLimits.maxDepth + 1));
    expect(codes(answer)).toContain(ErrorCode.QUERY_TOO_COMPLEX);
    expect(answer.data ?? null).toBeNull();
  });

  it('one alias beyond the limit, and 1,000 aliases: QUERY_TOO_COMPLEX', async () => {
    expect((await run(aliases(documentLimits.maxAliases))).errors).toEqual([]);
    expect(codes(await run(aliases(documentLimits.maxAliases + 1)))).toEqual([ErrorCode.QUERY_TOO_COMPLEX]);
    const thousand = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }`;
    expect(codes(await run(thousand))).toEqual([ErrorCode.QUERY_TOO_COMPLEX]);
  });

  it('more tokens than the limit: QUERY_TOO_COMPLEX (not a parse failure)', async () => {
    const answer = await run(`{ serverInfo { ${'version '.repeat(documentLimits.maxTokens)}} }`);
    expect(codes(answer)).toEqual([ErrorCode.QUERY_TOO_COMPLEX]);
  });

  it('wrong variable and literal types: BAD_USER_INPUT and GRAPHQL_VALIDATION_FAILED', async () => {
    const PREVIEW = `query($t: String!) { invitationPreview(token: $t) { email } }`;
    for (const t of [5, true, { a: 1 }, ['x'], null]) {
      const answer = await run(PREVIEW, { t });
      expect(codes(answer)).not.toHaveLength(0);
      expect(new Set(codes(answer))).toEqual(new Set([ErrorCode.BAD_USER_INPUT]));
    }
    expect(codes(await run(`{ invitationPreview(token: 5) { email } }`))).toEqual([ErrorCode.GRAPHQL_VALIDATION_FAILED]);
    const members = `query($id: ID!, $n: Int) { organization(id: $id) { members(first: $n) { totalCount } } }`;
    expect(codes(await asConsole(members, { id: org.id, n: 'ten' }))).toEqual([ErrorCode.BAD_USER_INPUT]);
    expect(codes(await asConsole(members, { id: org.id, n: 2 ** 31 }))).toEqual([ErrorCode.BAD_USER_INPUT]);
  });

  it('unknown fields, arguments, types and values: GRAPHQL_VALIDATION_FAILED, never a suggestion', async () => {
    const documents = [
      `{ viewer { emial } }`,
      `{ serverInfo { versoin } }`,
      `{ viewr { id } }`,
      `{ viewer { ... on Viewr { id } } }`,
      `mutation { signIn(inptu: { email: "a@b.c", password: "p", client: WEB }) { __typename } }`,
      `mutation { signIn(input: { emial: "a@b.c", password: "p", client: WEB }) { __typename } }`,
      `mutation { signIn(input: { email: "a@b.c", password: "p", client: WBE }) { __typename } }`,
      `query($x: Strin) { viewer { id } }`,
    ];
    for (const document of documents) {
      const answer = await run(document);
      expect(codes(answer).length, document).toBeGreaterThan(0);
      expect(new Set(codes(answer)), document).toEqual(new Set([ErrorCode.GRAPHQL_VALIDATION_FAILED]));
      for (const error of answer.errors) expect(error.message, document).not.toMatch(suggestions);
    }
    const variables = await run(`mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`, {
      input: { emial: 'a@b.c', password: 'p', client: 'WBE' },
    });
    expect(new Set(codes(variables))).toEqual(new Set([ErrorCode.BAD_USER_INPUT]));
    for (const error of variables.errors) expect(error.message).not.toMatch(suggestions);
  });

  it('page sizes are capped: first above 100 (or below 1) is BAD_USER_INPUT; 100 is fine', async () => {
    const MEMBERS = `query($id: ID!, $n: Int) { organization(id: $id) { members(first: $n) { totalCount } } }`;
    const AUDIT = `query($id: ID!, $n: Int) { organization(id: $id) { auditLog(first: $n) { edges { node { action } } } } }`;
    for (const query of [MEMBERS, AUDIT]) {
      expect(codes(await asConsole(query, { id: org.id, n: 101 }))).toEqual([ErrorCode.BAD_USER_INPUT]);
      expect(codes(await asConsole(query, { id: org.id, n: 100_000 }))).toEqual([ErrorCode.BAD_USER_INPUT]);
      expect(codes(await asConsole(query, { id: org.id, n: 0 }))).toEqual([ErrorCode.BAD_USER_INPUT]);
      expect(codes(await asConsole(query, { id: org.id, n: -1 }))).toEqual([ErrorCode.BAD_USER_INPUT]);
      expect((await asConsole(query, { id: org.id, n: 100 })).errors).toEqual([]);
    }
    expect(
      codes(await asConsole(`query($id: ID!) { organization(id: $id) { members(first: 101) { totalCount } } }`, { id: org.id })),
    ).toEqual([ErrorCode.BAD_USER_INPUT]);
  });

  it('text with a NUL character is BAD_USER_INPUT, in variables and in the document', async () => {
    const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`;
    const answer = await run(SIGN_IN, { input: { email: 'nul\u0000@example.test', password: 'whatever password', client: 'DESKTOP' } });
    expect(codes(answer)).toEqual([ErrorCode.BAD_USER_INPUT]);
    expect(answer.errors[0]!.extensions?.field).toBe('input.email');
    const literal = await run(`{ invitationPreview(token: "tsv_\\u0000") { email } }`);
    expect(codes(literal)).toEqual([ErrorCode.BAD_USER_INPUT]);
  });

  it('every code in these answers is a documented one', async () => {
    for (const query of [nested(20), aliases(50), `{ nope }`, `{`]) {
      for (const code of codes(await run(query))) expect(documented.has(code), code).toBe(true);
    }
  });
});

describe('size limits', () => {
  it('HTTP: a body beyond 100 KB is refused with 413 before it is parsed', async () => {
    const big = 'x'.repeat(documentLimits.maxBodyBytes + 1);
    const response = await fetch(`${world.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adminCookie },
      body: JSON.stringify({ query: `query($s: String!) { invitationPreview(token: $s) { email } }`, variables: { s: big } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: SocketError[] };
    // PAYLOAD_TOO_LARGE: the body parser's refusal, in the shared ErrorCode list and docs/api.md.
    expect(body.errors.map((e) => e.extensions?.code)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.js|node_modules|stack/);
    // Just under the limit, the same request reaches GraphQL and gets an ordinary answer.
    const near = await world.anonymous.request(`query($s: String!) { invitationPreview(token: $s) { email } }`, {
      s: 'x'.repeat(documentLimits.maxBodyBytes - 1_000),
    });
    expect(near.errors?.[0]?.extensions?.code).toBe(ErrorCode.TOKEN_INVALID);
  });
  // Over the socket, a message beyond 64 KB closes it: test/live/socket-operations.test.ts.
});

describe('HTTP only: batching and CSRF', () => {
  it('an array body (HTTP batching) is refused and none of its operations runs', async () => {
    const target = await world.factory.user();
    const response = await fetch(`${world.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { query: `{ serverInfo { version } }` },
        { query: `mutation($e: String!) { requestPasswordReset(input: { email: $e }) }`, variables: { e: target.email } },
      ]),
    });
    expect(response.status).toBe(400);
    // BAD_REQUEST: Apollo's refusal of a malformed request, in the shared ErrorCode list and docs/api.md.
    expect(((await response.json()) as { errors: SocketError[] }).errors[0]!.extensions?.code).toBe('BAD_REQUEST');
    // A reset's mail is queued just after its answer: let any such work finish before counting.
    await world.app.services.accounts.settled();
    const mails = await world.factory.query(`select count(*)::int as n from mail_message where to_address = ?`, [target.email]);
    expect(mails[0]!.n).toBe(0);
  });

  it.each([
    ['text/plain', (body: string) => body],
    ['application/x-www-form-urlencoded', (body: string) => `query=${encodeURIComponent(body)}`],
    [
      'multipart/form-data; boundary=x',
      (body: string) => `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${body}\r\n--x--\r\n`,
    ],
  ])('a simple cross-site POST (%s) with the session cookie cannot switch the requirement', async (type, encode) => {
    const body = JSON.stringify({
      query: `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired } }`,
      variables: { input: { organizationId: org.id, required: true, confirm: true } },
    });
    const response = await fetch(`${world.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': type, cookie: adminCookie },
      body: encode(body),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: SocketError[] }).errors[0]!.extensions?.code).toBe('BAD_REQUEST');
    const [row] = await world.factory.query(`select two_factor_required from organization where id = ?`, [org.id]);
    expect(row!.two_factor_required).toBe(false);
    expect(
      await world.factory.query(`select 1 from audit_event where organization_id = ? and action like 'REQUIREMENT%'`, [org.id]),
    ).toEqual([]);
  });

  it('a GET cannot run a mutation, even with the preflight header', async () => {
    const query = `mutation { setTwoFactorRequirement(input: { organizationId: "${org.id}", required: true, confirm: true }) { twoFactorRequired } }`;
    const variants: Record<string, string>[] = [{ cookie: adminCookie }, { cookie: adminCookie, 'apollo-require-preflight': 'true' }];
    for (const headers of variants) {
      const response = await fetch(`${world.url}/graphql?query=${encodeURIComponent(query)}`, { headers });
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
    const [row] = await world.factory.query(`select two_factor_required from organization where id = ?`, [org.id]);
    expect(row!.two_factor_required).toBe(false);
  });
});

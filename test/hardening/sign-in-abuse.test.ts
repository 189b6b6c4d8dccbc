import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@twostep/shared';
import { GraphQLClient } from '../support/graphql-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * SECURITY.md 20, the parts sign-in.test.ts leaves out: the limit per address, which trusts a
 * proxy's X-Forwarded-For only when told to, and the cap on concurrent password hashing that
 * turns a storm away fast while the rest of the server keeps answering.
 */
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`;
let n = 0;
const attempt = (client: GraphQLClient, headers: Record<string, string> = {}): Promise<string | undefined> =>
  client.code(SIGN_IN, { input: { email: `nobody-${++n}@example.test`, password: 'not a password at all', client: 'WEB' } }, { headers });

describe('the limit per address, without a trusted proxy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIGN_IN_LIMIT_PER_ADDRESS: '5' });
  });
  afterAll(() => server.stop());

  it('refuses the sixth attempt from one address, whatever the accounts, and ignores X-Forwarded-For', async () => {
    const client = new GraphQLClient(server.url);
    for (let i = 0; i < 5; i++) expect(await attempt(client, { 'x-forwarded-for': `198.51.100.${i}` })).toBe(ErrorCode.INVALID_CREDENTIALS);
    const refused = await client.request(SIGN_IN, {
      input: { email: 'someone-else@example.test', password: 'whatever it is', client: 'WEB' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe(ErrorCode.RATE_LIMITED);
    expect(new Date(String(refused.errors?.[0]?.extensions?.retryAt)).getTime()).toBeGreaterThan(server.clock.now().getTime());
    expect(await attempt(client, { 'x-forwarded-for': '203.0.113.77' })).toBe(ErrorCode.RATE_LIMITED);
    server.clock.advance(15 * 60_000 + 1);
    expect(await attempt(client)).toBe(ErrorCode.INVALID_CREDENTIALS);
  });
});

describe('the limit per address, behind a trusted proxy (TRUST_PROXY=true)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIGN_IN_LIMIT_PER_ADDRESS: '5', TRUST_PROXY: 'true' });
  });
  afterAll(() => server.stop());

  it('counts per client address as the proxy reports it', async () => {
    const client = new GraphQLClient(server.url);
    for (let i = 0; i < 8; i++) expect(await attempt(client, { 'x-forwarded-for': `198.51.100.${i}` })).toBe(ErrorCode.INVALID_CREDENTIALS);
    for (let i = 0; i < 5; i++) expect(await attempt(client, { 'x-forwarded-for': '203.0.113.9' })).toBe(ErrorCode.INVALID_CREDENTIALS);
    expect(await attempt(client, { 'x-forwarded-for': '203.0.113.9' })).toBe(ErrorCode.RATE_LIMITED);
    // A spoofed hop in front of the proxy's own entry changes nothing: the proxy's entry counts.
    expect(await attempt(client, { 'x-forwarded-for': '192.0.2.1, 203.0.113.9' })).toBe(ErrorCode.RATE_LIMITED);
    expect(await attempt(client, { 'x-forwarded-for': '198.51.100.200' })).toBe(ErrorCode.INVALID_CREDENTIALS);
  });
});

describe('concurrent password hashing is capped (MAX_CONCURRENT_HASHES=1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_CONCURRENT_HASHES: '1' });
  });
  afterAll(() => server.stop());

  it('a storm of sign-ins is partly turned away with BUSY, and the rest of the server keeps answering', async () => {
    const client = new GraphQLClient(server.url);
    const started = Date.now();
    let stormDone = 0;
    const storm = Promise.all(Array.from({ length: 60 }, () => attempt(client))).finally(() => (stormDone = Date.now() - started));
    const info = await client.ok(`{ serverInfo { version } }`);
    const answeredIn = Date.now() - started;
    const codes = await storm;
    expect(info.serverInfo.version).toBeTruthy();
    // The answer did not wait for the hashing queue to empty.
    expect(answeredIn).toBeLessThan(stormDone);
    expect(new Set(codes)).toEqual(new Set([ErrorCode.INVALID_CREDENTIALS, ErrorCode.BUSY]));
    // One hashing and sixteen waiting at most: the others were refused at once, without a hash.
    expect(server.app.services.hasher.hashes).toBeLessThanOrEqual(codes.filter((c) => c === ErrorCode.INVALID_CREDENTIALS).length + 1);
  });
});

import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@twostep/shared';
import { type GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * SECURITY.md 20, the parts test/accounts leaves out: the cap on concurrent password hashing that
 * turns a storm away fast while the rest of the server keeps answering, and the forwarded address
 * a client cannot choose behind a trusted proxy.
 */
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`;
let n = 0;
const attempt = (client: GraphQLClient, headers: Record<string, string> = {}): Promise<string | undefined> =>
  client.code(SIGN_IN, { input: { email: `nobody-${++n}@example.test`, password: 'not a password at all', client: 'WEB' } }, { headers });

describe('behind a trusted proxy (TRUST_PROXY=true)', () => {
  const world = useTestServer({ env: { SIGN_IN_LIMIT_PER_ADDRESS: '5', TRUST_PROXY: 'true' } });

  // test/accounts/address-limit.test.ts covers the limit itself, with and without the proxy.
  it('a hop the client prepends to X-Forwarded-For does not pick its address: the proxy’s entry counts', async () => {
    const client = world.anonymous;
    for (let i = 0; i < 5; i++) {
      expect(await attempt(client, { 'x-forwarded-for': `192.0.2.${i}, 203.0.113.9` })).toBe(ErrorCode.INVALID_CREDENTIALS);
    }
    expect(await attempt(client, { 'x-forwarded-for': '192.0.2.200, 203.0.113.9' })).toBe(ErrorCode.RATE_LIMITED);
    expect(await attempt(client, { 'x-forwarded-for': '203.0.113.10' })).toBe(ErrorCode.INVALID_CREDENTIALS);
  });
});

describe('concurrent password hashing is capped (MAX_CONCURRENT_HASHES=1)', () => {
  const world = useTestServer({ env: { MAX_CONCURRENT_HASHES: '1' } });

  it('a storm of sign-ins is partly turned away with BUSY, and the rest of the server keeps answering', async () => {
    const client = world.anonymous;
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
    expect(world.app.services.hasher.hashes).toBeLessThanOrEqual(codes.filter((c) => c === ErrorCode.INVALID_CREDENTIALS).length + 1);
  });
});

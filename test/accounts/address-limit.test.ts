import { describe, expect, it } from 'vitest';
import { GraphQLClient } from '../support/graphql-client.js';
import { type TestServer } from '../support/server.js';
import { useTestServer } from '../support/use-test-server.js';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`;

async function attempts(server: TestServer, count: number, forwardedFor: (i: number) => string): Promise<(string | undefined)[]> {
  const codes: (string | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const client = new GraphQLClient(server.url, { headers: { 'x-forwarded-for': forwardedFor(i) } });
    // A different account each time, so that only the per-address limit can stop them.
    codes.push(await client.code(SIGN_IN, { input: { email: `someone${i}@example.test`, password: 'wrong password', client: 'WEB' } }));
  }
  return codes;
}

describe('sign-in rate limit per address', () => {
  describe('without a trusted proxy', () => {
    const world = useTestServer({ env: { SIGN_IN_LIMIT_PER_ADDRESS: '5' } });

    it('ignores X-Forwarded-For: a client cannot pick its address', async () => {
      const codes = await attempts(world.server, 6, (i) => `203.0.113.${i + 1}`);
      expect(codes.slice(0, 5).every((c) => c === 'INVALID_CREDENTIALS')).toBe(true);
      expect(codes[5]).toBe('RATE_LIMITED');
    });
  });

  describe('behind a trusted proxy (TRUST_PROXY=true)', () => {
    const world = useTestServer({ env: { SIGN_IN_LIMIT_PER_ADDRESS: '5', TRUST_PROXY: 'true' } });

    it('counts per forwarded address', async () => {
      const spread = await attempts(world.server, 6, (i) => `203.0.113.${i + 1}`);
      expect(spread.every((c) => c === 'INVALID_CREDENTIALS')).toBe(true);
      const same = await attempts(world.server, 6, () => '198.51.100.7');
      expect(same[5]).toBe('RATE_LIMITED');
    });
  });
});

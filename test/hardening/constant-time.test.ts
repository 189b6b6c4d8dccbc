import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ErrorCode } from '@twostep/shared';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';

/**
 * SECURITY.md 3: codes are compared in constant time. Wall-clock timing is too noisy to test, so
 * this watches the comparisons instead: a wrong code, a code of the current step and a code of
 * the step before each cost the same number of `crypto.timingSafeEqual` calls (every candidate
 * step is compared, whichever matches), and no other comparison decides.
 */
let spy: MockInstance<typeof crypto.timingSafeEqual>;

// Around the server's own hooks: the spy is in place before it starts, and restored before it stops.
beforeAll(() => {
  // The server imports `timingSafeEqual` by name; re-sync the builtin's named exports with the spy.
  spy = vi.spyOn(crypto, 'timingSafeEqual');
  syncBuiltinESMExports();
});
const world = useTestServer();
afterAll(() => {
  spy.mockRestore();
  syncBuiltinESMExports();
});

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { ... on SecondFactorRequired { challenge } } }`;
const COMPLETE = `mutation($input: CompleteSignInInput!) { completeSignIn(input: $input) { client } }`;

/** Completes a sign-in with `code` and returns its answer's code and the comparisons it cost. */
async function comparisons(user: TestUser, code: string): Promise<{ code: string | undefined; calls: number }> {
  const api = world.anonymous;
  const { signIn } = await api.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'DESKTOP' } });
  const before = spy.mock.calls.length;
  const answer = await api.code(COMPLETE, { input: { challenge: signIn.challenge, code } });
  return { code: answer, calls: spy.mock.calls.length - before };
}

describe('TOTP codes are compared in constant time', () => {
  it('a wrong code, the current step’s and the previous step’s cost the same comparisons', async () => {
    const wrong = await comparisons(await world.factory.user({ twoFactor: true }), '000000');
    const currentUser = await world.factory.user({ twoFactor: true });
    const current = await comparisons(currentUser, totpAt(currentUser.totpSecret!, world.clock.now()));
    const previousUser = await world.factory.user({ twoFactor: true });
    const previous = await comparisons(previousUser, totpAt(previousUser.totpSecret!, world.clock.now(), -1));
    expect([wrong.code, current.code, previous.code]).toEqual([ErrorCode.INVALID_CODE, undefined, undefined]);
    expect(wrong.calls).toBeGreaterThanOrEqual(2); // the current step and the one before
    expect(current.calls).toBe(wrong.calls);
    expect(previous.calls).toBe(wrong.calls);
  });
});

import { describe, expect, it } from 'vitest';
import { LiveClient } from '../live/live-client.js';
import { type TestUser } from '../support/factory.js';
import { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';

/**
 * Issue 12, defect 2: password proofs inside a session were not limited. 40 wrong current
 * passwords in a row all answered PROOF_REQUIRED, then the right one worked: a stolen cookie could
 * guess the password and replace the authenticator. Every failed proof now counts against the
 * account's sign-in limit (the same database counter); past it every proof, the right one too,
 * answers RATE_LIMITED until the window ends, audited once and mailed once per window.
 */
const LIMIT = 10;
const WINDOW_MS = 15 * 60_000;
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
const REQUEST_EMAIL = `mutation($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) }`;
const REGENERATE = `mutation($input: ProofOnlyInput!) { regenerateRecoveryCodes(input: $input) { codes } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`;

const world = useTestServer({ env: { SIGN_IN_LIMIT_PER_ACCOUNT: String(LIMIT) } });

const change = (user: TestUser, currentPassword: string) => ({ input: { currentPassword, newPassword: 'a brand new passphrase' } });

async function auditedLimits(user: TestUser): Promise<number> {
  const rows = await world.factory.query(
    `select count(*)::int as n from audit_event where action = 'PROOFS_RATE_LIMITED' and target_user_id = ?`,
    [user.id],
  );
  return rows[0]!.n as number;
}

describe('proofs inside a session', () => {
  it('count against the account’s limit; past it even the right password is refused until the window ends', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const org = await world.factory.organization();
    await world.factory.member(org.id, user.id);
    const web = await world.factory.client(user);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 40; i++) codes.push(await web.code(CHANGE_PASSWORD, change(user, `wrong guess ${i}`)));
    expect(codes.slice(0, LIMIT).every((c) => c === 'PROOF_REQUIRED')).toBe(true);
    expect(codes.slice(LIMIT).every((c) => c === 'RATE_LIMITED')).toBe(true);
    // Other proofs and the right password are refused too, and so is sign-in: one counter.
    const refused = await web.request(CHANGE_PASSWORD, change(user, user.password));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(new Date(String(refused.errors?.[0]?.extensions?.retryAt)).getTime()).toBeGreaterThan(world.clock.now().getTime());
    expect(await web.code(REQUEST_EMAIL, { input: { newEmail: 'elsewhere@example.test', password: user.password } })).toBe('RATE_LIMITED');
    const code = totpAt(user.totpSecret!, world.clock.now());
    expect(await web.code(REGENERATE, { input: { proof: { code } } })).toBe('RATE_LIMITED');
    const anonymous = new GraphQLClient(world.url);
    expect(await anonymous.code(SIGN_IN, { input: { email: user.email, password: user.password, client: 'WEB' } })).toBe('RATE_LIMITED');

    // Audited once in each organization of the account, and mailed once, for the whole window.
    expect(await auditedLimits(user)).toBe(1);
    await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()) && /wrong passwords or codes/i.test(m.subject));
    expect(world.smtp.to(user.email).filter((m) => /wrong passwords or codes/i.test(m.subject))).toHaveLength(1);

    // The window ends: the right password works, and the count starts again.
    world.clock.advance(WINDOW_MS + 1_000);
    expect((await web.ok(CHANGE_PASSWORD, change(user, user.password))).changePassword).toBe(true);
  });

  it('shares the count with sign-in attempts and across proofs of every kind', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const web = await world.factory.client(user);
    const anonymous = new GraphQLClient(world.url);
    for (let i = 0; i < LIMIT / 2; i++) {
      expect(await anonymous.code(SIGN_IN, { input: { email: user.email, password: `nope ${i}`, client: 'WEB' } })).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    for (let i = 0; i < LIMIT / 2; i++) {
      expect(await web.code(REGENERATE, { input: { proof: { password: `nope ${i}` } } })).toBe('PROOF_REQUIRED');
    }
    expect(await web.code(REGENERATE, { input: { proof: { password: user.password } } })).toBe('RATE_LIMITED');
  });

  it('counts proofs sent over the WebSocket the same way', async () => {
    const user = await world.factory.user();
    const socket = new LiveClient(world.url, { cookie: `twostep_session=${await world.factory.sessionToken(user.id)}`, origin: world.url });
    try {
      const answers: (string | undefined)[] = [];
      for (let i = 0; i <= LIMIT; i++) {
        const result = await socket.request(CHANGE_PASSWORD, change(user, `wrong guess ${i}`));
        answers.push(result.errors?.[0]?.extensions?.code as string | undefined);
      }
      expect(answers.slice(0, LIMIT).every((c) => c === 'PROOF_REQUIRED')).toBe(true);
      expect(answers[LIMIT]).toBe('RATE_LIMITED');
      const right = await socket.request(CHANGE_PASSWORD, change(user, user.password));
      expect(right.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    } finally {
      await socket.dispose();
    }
  });

  it('a right proof under the limit clears the count', async () => {
    const user = await world.factory.user();
    const web = await world.factory.client(user);
    for (let i = 0; i < LIMIT - 1; i++) expect(await web.code(CHANGE_PASSWORD, change(user, `wrong ${i}`))).toBe('PROOF_REQUIRED');
    expect(
      (await web.ok(REQUEST_EMAIL, { input: { newEmail: `next-${user.id.slice(0, 6)}@example.test`, password: user.password } }))
        .requestEmailChange,
    ).toBe(true);
    for (let i = 0; i < LIMIT - 1; i++) expect(await web.code(CHANGE_PASSWORD, change(user, `again ${i}`))).toBe('PROOF_REQUIRED');
    expect(await auditedLimits(user)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { sessionCookieFrom } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) {
  __typename ... on SignedIn { token client expiresAt } ... on SecondFactorRequired { challenge expiresAt methods } } }`;
const COMPLETE = `mutation($input: CompleteSignInInput!) { completeSignIn(input: $input) { token client } }`;
const VIEWER = `{ viewer { id email client twoFactorEnabled sessions { id client current } } }`;

const world = useTestServer();

async function signInWeb(user: TestUser): Promise<string> {
  const result = await world.anonymous.request(SIGN_IN, { input: { email: user.email, password: user.password, client: 'WEB' } });
  expect(result.data?.signIn.__typename).toBe('SignedIn');
  return sessionCookieFrom(result.setCookie);
}

describe('sign-in', () => {
  it('signs a web user in with an HttpOnly, SameSite cookie and no token in the answer', async () => {
    const user = await world.factory.user();
    const result = await world.anonymous.request(SIGN_IN, {
      input: { email: user.email.toUpperCase(), password: user.password, client: 'WEB' },
    });
    expect(result.data?.signIn).toMatchObject({ __typename: 'SignedIn', token: null, client: 'WEB' });
    expect(result.setCookie).toMatch(/twostep_session=tsw_/);
    expect(result.setCookie).toMatch(/HttpOnly/i);
    expect(result.setCookie).toMatch(/SameSite=Lax/i);
    expect(result.setCookie).not.toMatch(/Secure/i); // served over plain http here
    const viewer = await world.anonymous.ok(VIEWER, {}, { cookie: sessionCookieFrom(result.setCookie) });
    expect(viewer.viewer).toMatchObject({ id: user.id, email: user.email, client: 'WEB' });
  });

  it('gives desktop and mobile clients a bearer token, and never a cookie', async () => {
    const user = await world.factory.user();
    for (const client of ['DESKTOP', 'MOBILE']) {
      const result = await world.anonymous.request(SIGN_IN, { input: { email: user.email, password: user.password, client } });
      expect(result.data?.signIn.token).toMatch(/^tsa_/);
      expect(result.setCookie).toBeNull();
      const viewer = await world.anonymous.ok(VIEWER, {}, { bearer: result.data?.signIn.token });
      expect(viewer.viewer.client).toBe(client);
    }
  });

  it('refuses an INTEGRATION sign-in', async () => {
    const user = await world.factory.user();
    expect(await world.anonymous.code(SIGN_IN, { input: { email: user.email, password: user.password, client: 'INTEGRATION' } })).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('answers an unknown e-mail and a wrong password alike, each costing one password hash', async () => {
    const user = await world.factory.user();
    const hasher = world.app.services.hasher;
    const before = hasher.hashes;
    const unknown = await world.anonymous.request(SIGN_IN, {
      input: { email: 'nobody-here@example.test', password: 'whatever password', client: 'WEB' },
    });
    const afterUnknown = hasher.hashes;
    const wrong = await world.anonymous.request(SIGN_IN, { input: { email: user.email, password: 'not the password', client: 'WEB' } });
    const afterWrong = hasher.hashes;
    expect(afterUnknown - before).toBe(1);
    expect(afterWrong - afterUnknown).toBe(1);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it('asks for the second factor, then completes with a TOTP code', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const first = await world.anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'WEB' } });
    expect(first.signIn).toMatchObject({ __typename: 'SecondFactorRequired', methods: ['TOTP'] });
    expect(first.signIn.token).toBeUndefined();
    const done = await world.anonymous.request(COMPLETE, {
      input: { challenge: first.signIn.challenge, code: totpAt(user.totpSecret!, world.clock.now()) },
    });
    expect(done.data?.completeSignIn.client).toBe('WEB');
    const viewer = await world.anonymous.ok(VIEWER, {}, { cookie: sessionCookieFrom(done.setCookie) });
    expect(viewer.viewer.twoFactorEnabled).toBe(true);
  });

  it('refuses a used or expired challenge', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const first = await world.anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'DESKTOP' } });
    world.clock.advance(5 * 60_000 + 1);
    expect(
      await world.anonymous.code(COMPLETE, {
        input: { challenge: first.signIn.challenge, code: totpAt(user.totpSecret!, world.clock.now()) },
      }),
    ).toBe('CHALLENGE_EXPIRED');
    expect(await world.anonymous.code(COMPLETE, { input: { challenge: 'tsc_made-up', code: '123456' } })).toBe('CHALLENGE_EXPIRED');
  });

  it('rate limits sign-in per account, whether or not it exists', async () => {
    const email = 'limited-account@example.test';
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 11; i++) {
      codes.push(await world.anonymous.code(SIGN_IN, { input: { email, password: 'wrong password', client: 'WEB' } }));
    }
    expect(codes.slice(0, 10).every((c) => c === 'INVALID_CREDENTIALS')).toBe(true);
    expect(codes[10]).toBe('RATE_LIMITED');
    world.clock.advance(15 * 60_000 + 1);
    expect(await world.anonymous.code(SIGN_IN, { input: { email, password: 'wrong password', client: 'WEB' } })).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('lets a DESKTOP token and a WEB cookie of one user coexist; revoking one leaves the other', async () => {
    const user = await world.factory.user();
    const cookie = await signInWeb(user);
    const desktop = await world.anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'DESKTOP' } });
    const bearer = desktop.signIn.token as string;
    const sessions = (await world.anonymous.ok(VIEWER, {}, { cookie })).viewer.sessions as {
      id: string;
      client: string;
      current: boolean;
    }[];
    expect(sessions.map((s) => s.client).sort()).toEqual(['DESKTOP', 'WEB']);
    const desktopSession = sessions.find((s) => s.client === 'DESKTOP')!;
    await world.anonymous.ok(
      `mutation($input: RevokeSessionInput!) { revokeSession(input: $input) }`,
      { input: { id: desktopSession.id } },
      { cookie },
    );
    expect(await world.anonymous.code(VIEWER, {}, { bearer })).toBe('UNAUTHENTICATED');
    expect((await world.anonymous.ok(VIEWER, {}, { cookie })).viewer.id).toBe(user.id);
    // and the other way round: signing out on the web leaves a desktop token working
    const desktop2 = await world.anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'DESKTOP' } });
    await world.anonymous.ok(`mutation { signOut }`, {}, { cookie });
    expect(await world.anonymous.code(VIEWER, {}, { cookie })).toBe('UNAUTHENTICATED');
    expect((await world.anonymous.ok(VIEWER, {}, { bearer: desktop2.signIn.token })).viewer.client).toBe('DESKTOP');
  });

  it('does not accept a web cookie value as a bearer token, nor an app token as a cookie', async () => {
    const user = await world.factory.user();
    const cookie = await signInWeb(user);
    const token = cookie.split('=')[1]!;
    expect(await world.anonymous.code(VIEWER, {}, { bearer: token })).toBe('UNAUTHENTICATED');
    const desktop = await world.anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'DESKTOP' } });
    expect(await world.anonymous.code(VIEWER, {}, { cookie: `twostep_session=${desktop.signIn.token}` })).toBe('UNAUTHENTICATED');
  });

  it('ends a web session after its idle lifetime and stores only token hashes', async () => {
    const user = await world.factory.user();
    const cookie = await signInWeb(user);
    const rows = await world.factory.query(`select token_hash from session where user_id = ?`, [user.id]);
    expect(rows[0]!.token_hash).toHaveLength(32);
    expect(Buffer.from(rows[0]!.token_hash).toString('utf8')).not.toContain(cookie.split('=')[1]!.slice(4, 20));
    world.clock.advance(12 * 3600_000 + 60_000);
    expect(await world.anonymous.code(VIEWER, {}, { cookie })).toBe('UNAUTHENTICATED');
  });
});

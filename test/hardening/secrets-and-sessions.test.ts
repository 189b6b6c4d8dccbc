import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '@twostep/server';
import { ErrorCode } from '@twostep/shared';
import { Factory } from '../support/factory.js';
import { GraphQLClient, sessionCookieFrom } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';
import { startPlainServer, type PlainServer } from './support/servers.js';

/**
 * SECURITY.md 6, 8 and 21, where the earlier tests stop: secrets never reach the log (at the most
 * verbose level) nor the database in the clear, the encryption key is not in the database,
 * passwords are hashed with argon2id at OWASP's parameters or stronger, and sessions end at their
 * absolute lifetime however busy they are.
 */
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on SecondFactorRequired { challenge } ... on SignedIn { token } } }`;
const COMPLETE = `mutation($input: CompleteSignInInput!) { completeSignIn(input: $input) { token } }`;

describe('secrets stay secret (log level trace)', () => {
  let server: PlainServer;
  const clock = new ManualClock(new Date());
  const secrets: string[] = [];
  beforeAll(async () => {
    server = await startPlainServer({ NODE_ENV: 'test' }, clock);
    const factory = new Factory(server.app);
    const user = await factory.user({ password: 'the first password of this user' });
    const anonymous = new GraphQLClient(server.url);
    const web = await factory.client(user);
    secrets.push(user.password, web.credentials.cookie!.split('=')[1]!);

    // Enroll (once abandoned), confirm after a wrong code, and receive recovery codes.
    const abandoned = (await web.ok(`mutation { startTotpEnrollment { secret } }`)).startTotpEnrollment.secret as string;
    const secret = (await web.ok(`mutation { startTotpEnrollment { secret } }`)).startTotpEnrollment.secret as string;
    expect(
      await web.code(`mutation($input: ConfirmTotpInput!) { confirmTotpEnrollment(input: $input) { codes } }`, {
        input: { code: '000000' },
      }),
    ).toBe(ErrorCode.INVALID_CODE);
    const enrollment = await web.ok(`mutation($input: ConfirmTotpInput!) { confirmTotpEnrollment(input: $input) { codes } }`, {
      input: { code: totpAt(secret, clock.now()) },
    });
    const codes = enrollment.confirmTotpEnrollment.codes as string[];
    secrets.push(abandoned, secret, ...codes, ...codes.map((c) => c.replace(/-/g, '')));

    // Sign in on an app with a wrong code, then a code, then a recovery code.
    for (const code of ['123456', null, codes[0]!]) {
      clock.advance(30_000);
      const { signIn } = await anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'DESKTOP' } });
      secrets.push(signIn.challenge);
      const answer = await anonymous.request(COMPLETE, {
        input: { challenge: signIn.challenge, code: code ?? totpAt(secret, clock.now()) },
      });
      if (answer.data?.completeSignIn.token) secrets.push(answer.data.completeSignIn.token as string);
    }
    // A wrong password, a password change, fresh recovery codes.
    await anonymous.request(SIGN_IN, { input: { email: user.email, password: 'a wrong password for the log', client: 'WEB' } });
    secrets.push('a wrong password for the log', 'the second password of this user');
    await web.ok(`mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`, {
      input: { currentPassword: user.password, newPassword: 'the second password of this user' },
    });
    clock.advance(30_000);
    const fresh = await web.ok(`mutation($input: ProofOnlyInput!) { regenerateRecoveryCodes(input: $input) { codes } }`, {
      input: { proof: { code: totpAt(secret, clock.now()) } },
    });
    secrets.push(...(fresh.regenerateRecoveryCodes.codes as string[]));
  }, 60_000);
  afterAll(() => server.stop());

  it('no TOTP secret, recovery code, password, challenge or session token appears in the log', () => {
    expect(server.logs.length).toBeGreaterThan(0);
    const log = JSON.stringify(server.logs);
    for (const secret of secrets) expect(log.includes(secret), `the log holds ${secret.slice(0, 6)}…`).toBe(false);
  });

  it('the key that encrypts TOTP secrets is not in the database, and no secret is stored in the clear', async () => {
    const key = Buffer.from(fs.readFileSync(path.join(server.app.config.dataDir, 'secret.key'), 'utf8').trim(), 'base64');
    expect(key).toHaveLength(32);
    const connection = server.app.orm.em.fork().getConnection();
    const tables = await connection.execute<{ table_name: string }[]>(
      `select table_name from information_schema.tables where table_schema = 'public'`,
    );
    let everything = '';
    for (const { table_name: table } of tables) {
      const [row] = await connection.execute<{ rows: string }[]>(
        `select coalesce(string_agg(t::text, E'\\n'), '') as rows from "${table}" t`,
      );
      everything += row!.rows;
    }
    expect(everything.length).toBeGreaterThan(1000);
    for (const needle of [key.toString('base64'), key.toString('hex'), key.toString('base64url')]) {
      expect(everything.toLowerCase().includes(needle.toLowerCase())).toBe(false);
    }
    for (const secret of secrets) expect(everything.includes(secret), `the database holds ${secret.slice(0, 6)}…`).toBe(false);
  });
});

describe('password hashing (SECURITY.md 8)', () => {
  const world = useTestServer();

  it('a password set through the API is hashed with argon2id at OWASP’s parameters or stronger', async () => {
    const user = await world.factory.user();
    const web = await world.factory.client(user);
    await web.ok(`mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`, {
      input: { currentPassword: user.password, newPassword: 'a new password of some length' },
    });
    const [row] = await world.factory.query(`select password_hash from "user" where id = ?`, [user.id]);
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{32,}$/.exec(String(row!.password_hash));
    expect(match, String(row!.password_hash).slice(0, 40)).not.toBeNull();
    const [m, t, p] = [Number(match![1]), Number(match![2]), Number(match![3])];
    // OWASP Password Storage Cheat Sheet: any one of these argon2id configurations (m in KiB).
    const owasp = [
      { m: 47_104, t: 1 },
      { m: 19_456, t: 2 },
      { m: 12_288, t: 3 },
      { m: 9_216, t: 4 },
      { m: 7_168, t: 5 },
    ];
    expect(owasp.some((c) => m >= c.m && t >= c.t)).toBe(true);
    expect(p).toBeGreaterThanOrEqual(1);
  });
});

describe('session lifetimes (SECURITY.md 21)', () => {
  const world = useTestServer();

  /** Uses a session every `everyMs` until it is refused; returns how long it lived. */
  async function lifetime(client: GraphQLClient, sessionId: string, everyMs: number): Promise<number> {
    const start = world.clock.now().getTime();
    for (;;) {
      world.clock.advance(everyMs);
      const code = await client.code(`{ viewer { id } }`);
      if (code) {
        expect(code).toBe(ErrorCode.UNAUTHENTICATED);
        return world.clock.now().getTime() - start;
      }
      // The last use is written off the request's path: wait for it, as the next request would in real time.
      await vi.waitFor(
        async () => {
          const [row] = await world.factory.query(`select last_used_at from session where id = ?`, [sessionId]);
          if (new Date(row!.last_used_at).getTime() !== world.clock.now().getTime()) throw new Error('the last use is not written yet');
        },
        { timeout: 5_000, interval: 10 },
      );
    }
  }

  it('a web session used every 11 hours still ends 14 days after sign-in', async () => {
    const user = await world.factory.user();
    const answer = await world.anonymous.request(SIGN_IN, {
      input: { email: user.email, password: user.password, client: 'WEB' },
    });
    const cookie = sessionCookieFrom(answer.setCookie);
    expect(cookie).toMatch(/^twostep_session=tsw_[A-Za-z0-9_-]{43}$/); // 256 random bits
    const [session] = await world.factory.query(`select id from session where user_id = ?`, [user.id]);
    const lived = await lifetime(new GraphQLClient(world.url, { cookie }), session!.id, 11 * 3600_000);
    expect(lived).toBeGreaterThan(14 * 24 * 3600_000 - 11 * 3600_000);
    expect(lived).toBeLessThanOrEqual(14 * 24 * 3600_000 + 11 * 3600_000);
  });

  it('a desktop token used every 29 days still ends 180 days after sign-in', async () => {
    const user = await world.factory.user();
    const answer = await world.anonymous.request(SIGN_IN, {
      input: { email: user.email, password: user.password, client: 'DESKTOP' },
    });
    const token = answer.data!.signIn.token as string;
    expect(token).toMatch(/^tsa_[A-Za-z0-9_-]{43}$/);
    const [session] = await world.factory.query(`select id from session where user_id = ?`, [user.id]);
    const lived = await lifetime(new GraphQLClient(world.url, { bearer: token }), session!.id, 29 * 24 * 3600_000);
    expect(lived).toBeGreaterThan(180 * 24 * 3600_000 - 29 * 24 * 3600_000);
    expect(lived).toBeLessThanOrEqual(180 * 24 * 3600_000 + 29 * 24 * 3600_000);
  });

  it('every sign-in gets a new random token', async () => {
    const user = await world.factory.user();
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const answer = await world.anonymous.request(SIGN_IN, {
        input: { email: user.email, password: user.password, client: 'MOBILE' },
      });
      tokens.add(answer.data!.signIn.token as string);
    }
    expect(tokens.size).toBe(5);
  });
});

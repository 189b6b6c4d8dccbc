import { describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS } from '@twostep/server';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';
import { hotp, totpAt } from '../support/totp.js';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on SecondFactorRequired { challenge } ... on SignedIn { token } } }`;
const COMPLETE = `mutation($input: CompleteSignInInput!) { completeSignIn(input: $input) { token } }`;

const world = useTestServer();

async function challengeFor(user: TestUser): Promise<string> {
  const data = await world.anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'DESKTOP' } });
  expect(data.signIn.__typename).toBe('SecondFactorRequired');
  return data.signIn.challenge as string;
}

function complete(challenge: string, code: string) {
  return world.anonymous.request(COMPLETE, { input: { challenge, code } });
}

/** Gives the user a TOTP secret of our choosing (for the RFC vectors). */
async function setSecret(user: TestUser, secretBase32: string): Promise<void> {
  const rows = await world.factory.query(`select id from totp_method where user_id = ?`, [user.id]);
  const id = rows[0]!.id as string;
  await world.factory.query(`update totp_method set secret_encrypted = ? where id = ?`, [
    world.app.services.box.seal(secretBase32, id),
    id,
  ]);
}

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1, secret "12345678901234567890".
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];

  it('our independent implementation reproduces the RFC vectors', () => {
    const key = Buffer.from('12345678901234567890');
    for (const [time, expected] of vectors) expect(hotp(key, Math.floor(time / 30), 8)).toBe(expected);
  });

  it('the server accepts exactly the RFC codes at the RFC times', async () => {
    const user = await world.factory.user({ twoFactor: true });
    await setSecret(user, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'); // base32 of "12345678901234567890"
    for (const [time, expected] of vectors) {
      world.clock.set(new Date(time * 1000));
      const wrong = String((Number(expected.slice(-6)) + 1) % 1_000_000).padStart(6, '0');
      expect((await complete(await challengeFor(user), wrong)).errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
      const result = await complete(await challengeFor(user), expected.slice(-6));
      expect(result.errors).toBeUndefined();
    }
    world.clock.set(new Date());
  });

  it('accepts the current step and one step back, never a step ahead nor two back', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const now = world.clock.now();
    expect((await complete(await challengeFor(user), totpAt(user.totpSecret!, now, 1))).errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
    expect((await complete(await challengeFor(user), totpAt(user.totpSecret!, now, -2))).errors?.[0]?.extensions?.code).toBe(
      'INVALID_CODE',
    );
    expect((await complete(await challengeFor(user), totpAt(user.totpSecret!, now, -1))).errors).toBeUndefined();
    expect((await complete(await challengeFor(user), totpAt(user.totpSecret!, now))).errors).toBeUndefined();
  });
});

describe('replay', () => {
  it('accepts a code once; the replay gets the same answer as a wrong code', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const code = totpAt(user.totpSecret!, world.clock.now());
    expect((await complete(await challengeFor(user), code)).errors).toBeUndefined();
    const replay = await complete(await challengeFor(user), code);
    const wrong = await complete(await challengeFor(user), code === '000000' ? '000001' : '000000');
    expect(replay.errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
    expect(replay.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
  });

  it('refuses the previous step once the current one was accepted', async () => {
    const user = await world.factory.user({ twoFactor: true });
    expect((await complete(await challengeFor(user), totpAt(user.totpSecret!, world.clock.now()))).errors).toBeUndefined();
    expect((await complete(await challengeFor(user), totpAt(user.totpSecret!, world.clock.now(), -1))).errors?.[0]?.extensions?.code).toBe(
      'INVALID_CODE',
    );
  });

  it('lets exactly one of two concurrent submissions of the same code win', async () => {
    for (let round = 0; round < 3; round++) {
      const user = await world.factory.user({ twoFactor: true });
      const [a, b] = [await challengeFor(user), await challengeFor(user)];
      const code = totpAt(user.totpSecret!, world.clock.now());
      const results = await Promise.all([complete(a, code), complete(b, code)]);
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'INVALID_CODE').length).toBe(1);
    }
  });
});

describe('attempt limits', () => {
  it('locks after the free attempts across requests; the right code is refused while locked and accepted after', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const challenge = await challengeFor(user);
    for (let i = 1; i < FREE_ATTEMPTS; i++) {
      expect((await complete(challenge, '000000')).errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
    }
    // The failure that locks says so at once, with the time to retry.
    const locking = await complete(challenge, '000000');
    expect(locking.errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
    expect(locking.errors?.[0]?.extensions?.retryAt).toBeTruthy();
    const locked = await complete(challenge, totpAt(user.totpSecret!, world.clock.now()));
    expect(locked.errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
    const retryAt = new Date(String(locked.errors?.[0]?.extensions?.retryAt));
    expect(retryAt.getTime()).toBeGreaterThan(world.clock.now().getTime());
    world.clock.set(new Date(retryAt.getTime() + 1000));
    expect((await complete(await challengeFor(user), totpAt(user.totpSecret!, world.clock.now()))).errors).toBeUndefined();
  });

  it('counts every aliased attempt that runs; none is free', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const challenge = await challengeFor(user);
    for (let round = 0; round < 2; round++) {
      const fields = Array.from(
        { length: 4 },
        (_, i) => `a${i}: completeSignIn(input: { challenge: "${challenge}", code: "0${round}000${i}" }) { token }`,
      );
      const result = await world.anonymous.request(`mutation { ${fields.join('\n')} }`);
      expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
    }
    // Mutation fields run one after another and a failed non-null field ends the rest, so each
    // document above tried exactly one code, and each try was counted.
    const [row] = await world.factory.query(`select factor_failures from "user" where id = ?`, [user.id]);
    expect(row!.factor_failures).toBe(2);
    for (let i = 2; i < FREE_ATTEMPTS; i++) await complete(challenge, '000000');
    const fields = Array.from(
      { length: 4 },
      (_, i) =>
        `a${i}: completeSignIn(input: { challenge: "${challenge}", code: "${totpAt(user.totpSecret!, world.clock.now())}" }) { token }`,
    );
    const locked = await world.anonymous.request(`mutation { ${fields.join('\n')} }`);
    expect(locked.errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
  });

  it('refuses 20 aliased attempts whole, before any is tried', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const challenge = await challengeFor(user);
    const fields = Array.from(
      { length: 20 },
      (_, i) => `a${i}: completeSignIn(input: { challenge: "${challenge}", code: "1${String(i).padStart(5, '0')}" }) { token }`,
    );
    const result = await world.anonymous.request(`mutation { ${fields.join('\n')} }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const [row] = await world.factory.query(`select factor_failures from "user" where id = ?`, [user.id]);
    expect(row!.factor_failures).toBe(0);
  });

  it('keeps counting across a restart (the count is in the database)', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const challenge = await challengeFor(user);
    for (let i = 0; i < 3; i++) await complete(challenge, '000000');
    const [row] = await world.factory.query(`select factor_failures from "user" where id = ?`, [user.id]);
    expect(row!.factor_failures).toBe(3);
  });

  it('grows the lock after further failures, staying far below 100 attempts a day', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const start = world.clock.now().getTime();
    let attempts = 0;
    while (world.clock.now().getTime() - start < 24 * 3600_000) {
      const result = await complete(await challengeFor(user), '000000');
      const code = result.errors?.[0]?.extensions?.code;
      if (code === 'INVALID_CODE') attempts += 1;
      else if (code === 'LOCKED_OUT') world.clock.set(new Date(new Date(String(result.errors?.[0]?.extensions?.retryAt)).getTime() + 1));
      else throw new Error(`unexpected ${code}`);
    }
    expect(attempts).toBeLessThan(100);
    world.clock.set(new Date());
  });
});

import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';

/**
 * Issue 12, section 6 (SECURITY.md 33, ASVS 5.0 7.5.1): an account without a second factor
 * enrolled an authenticator without a password, so a stolen session could plant the attacker's
 * authenticator and end the owner's other sessions. Starting an enrollment now needs the password
 * when this session last entered it more than ten minutes ago.
 */
const START = `mutation($input: StartTotpEnrollmentInput) { startTotpEnrollment(input: $input) { secret } }`;
const CONFIRM = `mutation($input: ConfirmTotpInput!) { confirmTotpEnrollment(input: $input) { codes } }`;
const MINUTE = 60_000;

const world = useTestServer();

describe('starting an authenticator setup', () => {
  it('needs no password within ten minutes of signing in', async () => {
    const user = await world.factory.user();
    const web = await world.factory.client(user);
    world.clock.advance(9 * MINUTE);
    expect((await web.ok(START)).startTotpEnrollment.secret).toMatch(/^[A-Z2-7]{32,}$/);
  });

  it('asks a session that entered its password long ago for it, and counts a wrong one', async () => {
    const user = await world.factory.user();
    const web = await world.factory.client(user);
    world.clock.advance(11 * MINUTE);
    const missing = await web.request(START);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'PROOF_REQUIRED', field: 'password' });
    expect(await web.code(START, { input: { password: 'not the password' } })).toBe('PROOF_REQUIRED');
    expect(await world.factory.query(`select 1 from totp_method where user_id = ?`, [user.id])).toHaveLength(0);
    const [counted] = await world.factory.query(`select count from rate_limit where key = ?`, [
      `sign-in:account:${user.email.toLowerCase()}`,
    ]);
    expect(counted?.count).toBe(1);

    const { secret } = (await web.ok(START, { input: { password: user.password } })).startTotpEnrollment;
    // The password is fresh again for this session: a restart of the setup needs none.
    expect((await web.ok(START)).startTotpEnrollment.secret).not.toBe(secret);
    const again = (await web.ok(START)).startTotpEnrollment.secret as string;
    const { confirmTotpEnrollment } = await web.ok(CONFIRM, { input: { code: totpAt(again, world.clock.now()) } });
    expect(confirmTotpEnrollment.codes).toHaveLength(10);
  });
});

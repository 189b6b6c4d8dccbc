import { describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { type GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';

const START = `mutation { startTotpEnrollment { secret uri qrCodeDataUrl } }`;
const CONFIRM = `mutation($input: ConfirmTotpInput!) { confirmTotpEnrollment(input: $input) { codes } }`;
const VIEWER = `{ viewer { id twoFactorEnabled recoveryCodesLeft twoFactorMethods { kind confirmedAt } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on SecondFactorRequired { challenge } } }`;
const COMPLETE = `mutation($input: CompleteSignInInput!) { completeSignIn(input: $input) { token } }`;

const world = useTestServer();

/** Enrolls through the API as the user would; returns the secret and the recovery codes. */
async function enroll(client: GraphQLClient): Promise<{ secret: string; codes: string[] }> {
  const { startTotpEnrollment } = await client.ok(START);
  const { confirmTotpEnrollment } = await client.ok(CONFIRM, { input: { code: totpAt(startTotpEnrollment.secret, world.clock.now()) } });
  world.clock.advance(30_000); // the next code of this user is of a later step
  return { secret: startTotpEnrollment.secret, codes: confirmTotpEnrollment.codes };
}

async function challenge(user: TestUser): Promise<string> {
  return (await world.anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client: 'DESKTOP' } })).signIn.challenge;
}

describe('TOTP enrollment', () => {
  it('gives a fresh 160-bit secret, an otpauth URI and a QR code, then activates with a code', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const { startTotpEnrollment: enrollment } = await client.ok(START);
    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 characters = 160 bits
    expect(enrollment.uri).toMatch(new RegExp(`^otpauth://totp/Twostep:${encodeURIComponent(user.email)}\\?`));
    expect(enrollment.uri).toContain(`secret=${enrollment.secret}`);
    expect(enrollment.uri).toContain('issuer=Twostep');
    expect(enrollment.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect((await client.ok(START)).startTotpEnrollment.secret).not.toBe(enrollment.secret);
    const again = (await client.ok(START)).startTotpEnrollment;
    expect(await client.code(CONFIRM, { input: { code: '000000' } })).toBe('INVALID_CODE');
    const confirmed = await client.ok(CONFIRM, { input: { code: totpAt(again.secret, world.clock.now()) } });
    expect(confirmed.confirmTotpEnrollment.codes).toHaveLength(10);
    const viewer = (await client.ok(VIEWER)).viewer;
    expect(viewer).toMatchObject({ twoFactorEnabled: true, recoveryCodesLeft: 10 });
    expect(viewer.twoFactorMethods).toHaveLength(1);
  });

  it('stores the secret encrypted, never as its base32, and never returns it after confirmation', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const { secret } = await enroll(client);
    const [row] = await world.factory.query(`select secret_encrypted from totp_method where user_id = ?`, [user.id]);
    const stored = Buffer.from(row!.secret_encrypted);
    expect(stored.toString('latin1')).not.toContain(secret);
    expect(stored.toString('hex')).not.toContain(Buffer.from(secret).toString('hex'));
    expect(stored.length).toBeGreaterThanOrEqual(29 + 32);
    const everything = JSON.stringify(
      await client.ok(`{ viewer { id email twoFactorMethods { kind confirmedAt } sessions { id } memberships { role } } }`),
    );
    expect(everything).not.toContain(secret);
  });

  it('ends the account’s other web sessions, and keeps the app tokens and the current one', async () => {
    const user = await world.factory.user();
    const current = await world.factory.client(user);
    const otherWeb = await world.factory.client(user);
    const desktop = await world.factory.client(user, 'DESKTOP');
    await enroll(current);
    expect(await otherWeb.code(VIEWER)).toBe('UNAUTHENTICATED');
    expect((await current.ok(VIEWER)).viewer.id).toBe(user.id);
    expect((await desktop.ok(VIEWER)).viewer.id).toBe(user.id);
  });

  it('replaces an authenticator only with a fresh proof', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const first = await enroll(client);
    const { startTotpEnrollment: second } = await client.ok(START);
    expect(await client.code(CONFIRM, { input: { code: totpAt(second.secret, world.clock.now()) } })).toBe('PROOF_REQUIRED');
    world.clock.advance(30_000);
    // The old authenticator's code as the proof, and the new one's code, in the same time step.
    await client.ok(CONFIRM, {
      input: { code: totpAt(second.secret, world.clock.now()), proof: { code: totpAt(first.secret, world.clock.now()) } },
    });
    world.clock.advance(30_000);
    const c = await challenge(user);
    expect(
      (await world.anonymous.request(COMPLETE, { input: { challenge: c, code: totpAt(first.secret, world.clock.now()) } })).errors?.[0]
        ?.extensions?.code,
    ).toBe('INVALID_CODE');
    expect(
      (await world.anonymous.request(COMPLETE, { input: { challenge: c, code: totpAt(second.secret, world.clock.now()) } })).errors,
    ).toBeUndefined();
  });
});

describe('recovery codes', () => {
  it('each works once, and they are stored hashed', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const { codes } = await enroll(client);
    const rows = await world.factory.query(`select code_hash from recovery_code where user_id = ?`, [user.id]);
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(Buffer.from(row.code_hash)).toHaveLength(32);
      for (const code of codes) expect(Buffer.from(row.code_hash).toString('latin1')).not.toContain(code.replace(/-/g, ''));
    }
    const code = codes[0]!;
    expect(
      (await world.anonymous.request(COMPLETE, { input: { challenge: await challenge(user), code: code.toLowerCase() } })).errors,
    ).toBeUndefined();
    expect(
      (await world.anonymous.request(COMPLETE, { input: { challenge: await challenge(user), code } })).errors?.[0]?.extensions?.code,
    ).toBe('INVALID_CODE');
    expect(
      (await world.anonymous.request(COMPLETE, { input: { challenge: await challenge(user), code: codes[1] } })).errors,
    ).toBeUndefined();
    expect((await client.ok(VIEWER)).viewer.recoveryCodesLeft).toBe(8);
    const notice = await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()) && /recovery code was used/i.test(m.subject));
    expect(notice.text).toMatch(/recovery codes/);
  });

  it('regenerates with a fresh proof only; old codes stop working', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const { codes, secret } = await enroll(client);
    const REGENERATE = `mutation($input: ProofOnlyInput!) { regenerateRecoveryCodes(input: $input) { codes } }`;
    expect(await client.code(REGENERATE, { input: { proof: {} } })).toBe('PROOF_REQUIRED');
    expect(await client.code(REGENERATE, { input: { proof: { password: 'wrong password!' } } })).toBe('PROOF_REQUIRED');
    const fresh = (await client.ok(REGENERATE, { input: { proof: { code: totpAt(secret, world.clock.now()) } } })).regenerateRecoveryCodes
      .codes;
    expect(fresh).toHaveLength(10);
    expect(
      (await world.anonymous.request(COMPLETE, { input: { challenge: await challenge(user), code: codes[2] } })).errors?.[0]?.extensions
        ?.code,
    ).toBe('INVALID_CODE');
    expect(
      (await world.anonymous.request(COMPLETE, { input: { challenge: await challenge(user), code: fresh[0] } })).errors,
    ).toBeUndefined();
  });
});

describe('removing the authenticator', () => {
  it('needs a fresh proof, turns 2FA off and tells the user by e-mail', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    await enroll(client);
    const REMOVE = `mutation($input: ProofOnlyInput!) { removeTotp(input: $input) }`;
    expect(await client.code(REMOVE, { input: { proof: { password: 'not my password' } } })).toBe('PROOF_REQUIRED');
    await client.ok(REMOVE, { input: { proof: { password: user.password } } });
    expect((await client.ok(VIEWER)).viewer).toMatchObject({ twoFactorEnabled: false, recoveryCodesLeft: 0, twoFactorMethods: [] });
    await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()) && /removed/i.test(m.subject));
    await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()) && /added/i.test(m.subject));
  });
});

describe('password reset', () => {
  it('mails a single-use link, ends every session, and the next sign-in still asks the second factor', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const web = await world.factory.client(user);
    const desktop = await world.factory.client(user, 'DESKTOP');
    await world.anonymous.ok(`mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`, {
      input: { email: user.email },
    });
    await world.anonymous.ok(`mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`, {
      input: { email: 'nobody@example.test' },
    });
    const mail = await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()) && /reset/i.test(m.subject));
    const token = decodeURIComponent(/reset-password\?token=([^\s]+)/.exec(mail.text)![1]!);
    const RESET = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) }`;
    expect(await world.anonymous.code(RESET, { input: { token, newPassword: 'short' } })).toBe('BAD_USER_INPUT');
    // Once delivered, the mail's record no longer holds the link's secret, sealed or not.
    await expect
      .poll(async () =>
        Object.keys(
          (
            await world.factory.query(`select data from mail_message where to_address = ? and template = 'password-reset'`, [user.email])
          )[0]!.data as object,
        ),
      )
      .toEqual(['name']);
    await world.anonymous.ok(RESET, { input: { token, newPassword: 'a brand new long password' } });
    expect(await world.anonymous.code(RESET, { input: { token, newPassword: 'another new long password' } })).toBe('TOKEN_INVALID');
    expect(await web.code(VIEWER)).toBe('UNAUTHENTICATED');
    expect(await desktop.code(VIEWER)).toBe('UNAUTHENTICATED');
    const signIn = await world.anonymous.ok(SIGN_IN, {
      input: { email: user.email, password: 'a brand new long password', client: 'WEB' },
    });
    expect(signIn.signIn.__typename).toBe('SecondFactorRequired');
    await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()) && /password was changed/i.test(m.subject));
  });

  it('refuses an expired link', async () => {
    const user = await world.factory.user();
    await world.anonymous.ok(`mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`, {
      input: { email: user.email },
    });
    const mail = await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()) && /reset/i.test(m.subject));
    const token = decodeURIComponent(/reset-password\?token=([^\s]+)/.exec(mail.text)![1]!);
    world.clock.advance(31 * 60_000);
    expect(
      await world.anonymous.code(`mutation($input: ResetPasswordInput!) { resetPassword(input: $input) }`, {
        input: { token, newPassword: 'a brand new long password' },
      }),
    ).toBe('TOKEN_INVALID');
  });
});

describe('password and e-mail changes', () => {
  it('changes the password with the current one, ends other sessions and sends a notice', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const other = await world.factory.client(user, 'MOBILE');
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
    expect(await client.code(CHANGE, { input: { currentPassword: 'wrong one here', newPassword: 'new password 1234' } })).toBe(
      'PROOF_REQUIRED',
    );
    await client.ok(CHANGE, { input: { currentPassword: user.password, newPassword: 'new password 1234' } });
    expect((await client.ok(VIEWER)).viewer.id).toBe(user.id);
    expect(await other.code(VIEWER)).toBe('UNAUTHENTICATED');
    await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()) && /password was changed/i.test(m.subject));
  });

  it('changes the e-mail only after the new address confirms; the old one is told', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const REQUEST = `mutation($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) }`;
    expect(await client.code(REQUEST, { input: { newEmail: 'not-an-address', password: user.password } })).toBe('BAD_USER_INPUT');
    const newEmail = `moved-${user.id.slice(0, 8)}@example.test`;
    await client.ok(REQUEST, { input: { newEmail, password: user.password } });
    const mail = await world.smtp.waitFor((m) => m.to.includes(newEmail));
    const token = decodeURIComponent(/confirm-email\?token=([^\s]+)/.exec(mail.text)![1]!);
    expect((await client.ok(`{ viewer { email } }`)).viewer.email).toBe(user.email);
    await world.anonymous.ok(`mutation($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) }`, { input: { token } });
    expect((await client.ok(`{ viewer { email } }`)).viewer.email).toBe(newEmail);
    await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()) && /e-mail address was changed/i.test(m.subject));
  });

  it('answers an address of another account as a free one; its owner finds the clash at the link (issue 12)', async () => {
    const user = await world.factory.user();
    const taken = await world.factory.user();
    const client = await world.factory.client(user);
    const REQUEST = `mutation($input: RequestEmailChangeInput!) { requestEmailChange(input: $input) }`;
    // The same answer as for a free address: no member can test which addresses have accounts.
    expect((await client.ok(REQUEST, { input: { newEmail: taken.email.toUpperCase(), password: user.password } })).requestEmailChange).toBe(
      true,
    );
    const mail = await world.smtp.waitFor(
      (m) => m.to.some((to) => to.toLowerCase() === taken.email.toLowerCase()) && /confirm-email/.test(m.text),
    );
    const token = decodeURIComponent(/confirm-email\?token=([^\s]+)/.exec(mail.text)![1]!);
    expect(
      await world.anonymous.code(`mutation($input: ConfirmEmailChangeInput!) { confirmEmailChange(input: $input) }`, { input: { token } }),
    ).toBe('CONFLICT');
    expect((await client.ok(`{ viewer { email } }`)).viewer.email).toBe(user.email);
  });
});

describe('notices', () => {
  it('come from the configured no-reply address with a Message-ID derived from the message', async () => {
    const user = await world.factory.user();
    await world.anonymous.ok(`mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`, {
      input: { email: user.email },
    });
    const mail = await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()));
    expect(mail.from).toBe('no-reply@twostep.localhost');
    expect(mail.headers['message-id']).toMatch(/^<[0-9a-f-]{36}@twostep\.localhost>$/);
  });
});

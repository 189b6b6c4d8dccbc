import { beforeAll, describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { GraphQLClient, sessionCookieFrom } from '../support/graphql-client.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { totpAt } from '../support/totp.js';
import { useTestServer } from '../support/use-test-server.js';
import { createToken, integration } from '../integration-tokens/tokens.js';

/**
 * Security keys and passkeys over the API, with a software authenticator of our own (a P-256 key
 * pair producing real attestation `none` and assertions), checked by the server's SimpleWebAuthn.
 */
const START_REGISTRATION = `mutation($input: StartSecurityKeyRegistrationInput) { startSecurityKeyRegistration(input: $input) { options } }`;
const FINISH_REGISTRATION = `mutation($input: FinishSecurityKeyRegistrationInput!) {
  finishSecurityKeyRegistration(input: $input) { key { id name kind createdAt lastUsedAt } recoveryCodes } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) {
  __typename ... on SignedIn { token client } ... on SecondFactorRequired { challenge methods } } }`;
const START_SIGN_IN = `mutation($input: StartSecurityKeySignInInput!) { startSecurityKeySignIn(input: $input) { options } }`;
const COMPLETE = `mutation($input: CompleteSignInInput!) { completeSignIn(input: $input) { token client } }`;
const KEYS = `{ viewer { twoFactorEnabled twoFactorMethods { kind } recoveryCodesLeft securityKeys { id name kind lastUsedAt }
  access { blocked blockingOrganizations { id allowedMethods } } } }`;
const REMOVE_KEY = `mutation($input: RemoveSecurityKeyInput!) { removeSecurityKey(input: $input) }`;
const REMOVE_TOTP = `mutation($input: ProofOnlyInput!) { removeTotp(input: $input) }`;
const RENAME = `mutation($input: RenameSecurityKeyInput!) { renameSecurityKey(input: $input) { id name } }`;
const SET_METHODS = `mutation($input: SetAllowedMethodsInput!) { setAllowedMethods(input: $input) { allowedMethods } }`;
const MEMBERS = `query($id: ID!, $filter: MemberFilter) { organization(id: $id) {
  members(filter: $filter, first: 100) { edges { node { id compliance twoFactorEnabled methodKinds } } }
  securitySummary { members withTwoFactor nonCompliant } } }`;
const PREVIEW = `query($id: ID!, $methods: AllowedMethods) { organization(id: $id) {
  lockoutPreview(allowedMethods: $methods) { totalCount candidates { member { id } } } } }`;

const world = useTestServer();

/** The relying party the server answers as (`http://localhost:<port>`, set by the test server). */
const rp = (): { origin: string; rpId: string } => ({
  origin: world.app.config.webAuthn.origins[0]!,
  rpId: world.app.config.webAuthn.rpId!,
});
const authenticator = (options: ConstructorParameters<typeof SoftAuthenticator>[0] = {}): SoftAuthenticator =>
  new SoftAuthenticator({ ...rp(), ...options });

async function query(sql: string, params: unknown[] = []): Promise<Record<string, any>[]> {
  return world.factory.query(sql, params);
}

const failures = async (userId: string): Promise<number> =>
  Number((await query(`select factor_failures from "user" where id = ?`, [userId]))[0]!.factor_failures);
const keyCount = async (userId: string): Promise<number> =>
  Number((await query(`select count(*) as n from webauthn_credential where user_id = ?`, [userId]))[0]!.n);

/** Registers a key from a signed-in client; returns the key and the codes, if any. */
async function addKey(
  client: GraphQLClient,
  device: SoftAuthenticator,
  name = 'Blue key',
): Promise<{ key: { id: string; name: string; kind: string }; recoveryCodes: string[] | null }> {
  const { startSecurityKeyRegistration } = await client.ok(START_REGISTRATION);
  const response = device.register(startSecurityKeyRegistration.options);
  return (await client.ok(FINISH_REGISTRATION, { input: { name, response } })).finishSecurityKeyRegistration;
}

/** A first sign-in step: the challenge, and the methods offered. */
async function firstStep(user: TestUser, client: 'WEB' | 'DESKTOP' = 'DESKTOP'): Promise<{ challenge: string; methods: string[] }> {
  const { signIn } = await world.anonymous.ok(SIGN_IN, { input: { email: user.email, password: user.password, client } });
  expect(signIn.__typename).toBe('SecondFactorRequired');
  return signIn;
}

async function keyOptions(challenge: string): Promise<any> {
  return (await world.anonymous.ok(START_SIGN_IN, { input: { challenge } })).startSecurityKeySignIn.options;
}

/** A refused key sign-in: the error's code and reason. */
async function refusal(challenge: string, securityKey: unknown): Promise<{ code?: string; reason?: unknown }> {
  const result = await world.anonymous.request(COMPLETE, { input: { challenge, securityKey } });
  return { code: result.errors?.[0]?.extensions?.code, reason: result.errors?.[0]?.extensions?.reason };
}

describe('a security key as the only second factor', () => {
  let user: TestUser;
  const device = (): SoftAuthenticator => key;
  let key: SoftAuthenticator;

  beforeAll(async () => {
    user = await world.factory.user();
    key = authenticator();
  });

  it('registers with attestation none, turns 2FA on with recovery codes, mails and audits it', async () => {
    const organization = await world.factory.organization();
    await world.factory.member(organization.id, user.id);
    const client = await world.factory.client(user);
    const { startSecurityKeyRegistration } = await client.ok(START_REGISTRATION);
    const options = startSecurityKeyRegistration.options;
    expect(options).toMatchObject({ rp: { id: 'localhost' }, attestation: 'none', user: { name: user.email } });
    expect(options.authenticatorSelection).toMatchObject({ userVerification: 'preferred' });
    const added = (await client.ok(FINISH_REGISTRATION, { input: { name: '  Blue   key ', response: device().register(options) } }))
      .finishSecurityKeyRegistration;
    expect(added.key).toMatchObject({ name: 'Blue key', kind: 'SECURITY_KEY', lastUsedAt: null });
    expect(added.recoveryCodes).toHaveLength(10);
    const { viewer } = await client.ok(KEYS);
    expect(viewer).toMatchObject({ twoFactorEnabled: true, twoFactorMethods: [{ kind: 'SECURITY_KEY' }], recoveryCodesLeft: 10 });
    const mail = await world.smtp.waitFor((m) => m.to.includes(user.email) && /security key was set up/.test(m.text));
    expect(mail.subject).toMatch(/second factor was added/);
    const audit = await query(`select data from audit_event where organization_id = ? and action = 'SECURITY_KEY_ADDED'`, [
      organization.id,
    ]);
    expect(audit[0]!.data).toMatchObject({ kind: 'SECURITY_KEY', name: 'Blue key' });
  });

  it("a first key ends the account's other web sessions, and keeps the app tokens and the current one", async () => {
    const fresh = await world.factory.user();
    const other = await world.factory.client(fresh);
    const desktop = await world.factory.client(fresh, 'DESKTOP');
    const current = await world.factory.client(fresh);
    await addKey(current, authenticator());
    expect(await other.code(KEYS)).toBe('UNAUTHENTICATED');
    expect((await desktop.ok(KEYS)).viewer.twoFactorEnabled).toBe(true);
    expect((await current.ok(KEYS)).viewer.twoFactorEnabled).toBe(true);
  });

  it('signs a desktop app in with the key, the key offered first', async () => {
    const { challenge, methods } = await firstStep(user, 'DESKTOP');
    expect(methods).toEqual(['SECURITY_KEY', 'RECOVERY_CODE']);
    const options = await keyOptions(challenge);
    expect(options.allowCredentials.map((c: { id: string }) => c.id)).toEqual(
      device()
        .credentials()
        .map((c) => c.id),
    );
    const { completeSignIn } = await world.anonymous.ok(COMPLETE, { input: { challenge, securityKey: device().authenticate(options) } });
    expect(completeSignIn).toMatchObject({ client: 'DESKTOP', token: expect.stringMatching(/^tsa_/) });
    const { viewer } = await new GraphQLClient(world.url, { bearer: completeSignIn.token }).ok(KEYS);
    expect(viewer.securityKeys[0].lastUsedAt).not.toBeNull();
  });

  it('signs the web in with the key (a cookie, the session remembering the key)', async () => {
    const { challenge } = await firstStep(user, 'WEB');
    const result = await world.anonymous.request(COMPLETE, {
      input: { challenge, securityKey: device().authenticate(await keyOptions(challenge)) },
    });
    expect(result.data?.completeSignIn).toMatchObject({ token: null, client: 'WEB' });
    const cookie = sessionCookieFrom(result.setCookie);
    const [session] = await query(`select second_factor from session where user_id = ? order by created_at desc limit 1`, [user.id]);
    expect(session!.second_factor).toBe('SECURITY_KEY');
    expect((await world.anonymous.ok(KEYS, {}, { cookie })).viewer.twoFactorEnabled).toBe(true);
  });

  it('refuses a code and a key answer sent together, and neither', async () => {
    const { challenge } = await firstStep(user);
    expect(await world.anonymous.code(COMPLETE, { input: { challenge, code: '123456', securityKey: {} } })).toBe('BAD_USER_INPUT');
    expect(await world.anonymous.code(COMPLETE, { input: { challenge } })).toBe('BAD_USER_INPUT');
  });

  it('renames a key (1–60 characters) and refuses another account’s key', async () => {
    const client = await world.factory.client(user);
    const [mine] = (await client.ok(KEYS)).viewer.securityKeys;
    expect((await client.ok(RENAME, { input: { id: mine.id, name: 'Desk key' } })).renameSecurityKey.name).toBe('Desk key');
    expect(await client.code(RENAME, { input: { id: mine.id, name: 'x'.repeat(61) } })).toBe('BAD_USER_INPUT');
    const stranger = await world.factory.client(await world.factory.user());
    expect(await stranger.code(RENAME, { input: { id: mine.id, name: 'Mine now' } })).toBe('NOT_FOUND');
    expect(await stranger.code(REMOVE_KEY, { input: { id: mine.id, proof: { password: 'correct horse battery staple' } } })).toBe(
      'NOT_FOUND',
    );
  });
});

describe('refused answers: a stable code, nothing changed, each counted like a wrong code', () => {
  let user: TestUser;
  let key: SoftAuthenticator;

  beforeAll(async () => {
    user = await world.factory.user();
    key = authenticator();
    await addKey(await world.factory.client(user), key);
  });

  /** Runs one refused sign-in and checks the code, the reason, one more failure, and no change to the key. */
  async function refused(answer: (options: any, challenge: string) => unknown, expected: { code: string; reason?: string }): Promise<void> {
    await query(`update "user" set factor_failures = 0, factor_locked_until = null where id = ?`, [user.id]);
    const [before] = await query(`select counter, last_used_at from webauthn_credential where user_id = ?`, [user.id]);
    const { challenge } = await firstStep(user);
    const options = await keyOptions(challenge);
    const outcome = await refusal(challenge, answer(options, challenge));
    expect(outcome).toEqual({ code: expected.code, reason: expected.reason });
    expect(await failures(user.id)).toBe(1);
    expect(await query(`select counter, last_used_at from webauthn_credential where user_id = ?`, [user.id])).toEqual([before]);
    // The sign-in challenge itself is still open: nothing was used up but the key request.
    expect(await world.anonymous.code(START_SIGN_IN, { input: { challenge } })).toBeUndefined();
  }

  it('a wrong origin', () =>
    refused((o) => key.authenticate(o, { origin: 'https://evil.example' }), { code: 'KEY_REFUSED', reason: 'ORIGIN' }));

  it('a wrong RP ID', () => refused((o) => key.authenticate(o, { rpId: 'evil.example' }), { code: 'KEY_REFUSED', reason: 'RP_ID' }));

  it('a challenge the server never gave', () =>
    refused((o) => key.authenticate(o, { challenge: Buffer.from('made up').toString('base64url') }), {
      code: 'KEY_REFUSED',
      reason: 'CHALLENGE',
    }));

  it('a malformed client data or CBOR', async () => {
    await refused((o) => key.authenticate(o, { clientDataJSON: Buffer.from('{not json').toString('base64url') }), {
      code: 'KEY_REFUSED',
      reason: 'MALFORMED',
    });
    await refused((o) => key.authenticate(o, { authenticatorData: Buffer.from([0xa1, 0xff, 0x00]).toString('base64url') }), {
      code: 'KEY_REFUSED',
      reason: 'MALFORMED',
    });
    await refused(() => ({ id: '!!', response: 'nothing' }), { code: 'KEY_REFUSED', reason: 'MALFORMED' });
  });

  it('a credential of another account', async () => {
    const other = authenticator();
    await addKey(await world.factory.client(await world.factory.user()), other);
    await refused((o) => other.authenticate({ ...o, allowCredentials: [] }), { code: 'KEY_REFUSED', reason: 'CREDENTIAL' });
  });

  it('a reused challenge: each key request works once, refused or not', async () => {
    const { challenge } = await firstStep(user);
    const options = await keyOptions(challenge);
    expect((await refusal(challenge, key.authenticate(options, { origin: 'https://evil.example' }))).reason).toBe('ORIGIN');
    expect(await refusal(challenge, key.authenticate(options))).toEqual({ code: 'KEY_REFUSED', reason: 'CHALLENGE' });
    // A fresh request for the same sign-in works.
    expect(
      (await world.anonymous.ok(COMPLETE, { input: { challenge, securityKey: key.authenticate(await keyOptions(challenge)) } }))
        .completeSignIn.token,
    ).toMatch(/^tsa_/);
  });

  it('a challenge of another sign-in', async () => {
    const first = await firstStep(user);
    const second = await firstStep(user);
    const answer = key.authenticate(await keyOptions(first.challenge));
    expect(await refusal(second.challenge, answer)).toEqual({ code: 'KEY_REFUSED', reason: 'CHALLENGE' });
  });

  it('an expired key request (and sign-in)', async () => {
    const { challenge } = await firstStep(user);
    const options = await keyOptions(challenge);
    world.clock.advance(5 * 60_000 + 1_000);
    expect((await refusal(challenge, key.authenticate(options))).code).toBe('CHALLENGE_EXPIRED');
  });

  it('a counter that goes backwards (a cloned key) is refused and audited; the clone never signs in', async () => {
    const organization = await world.factory.organization();
    await world.factory.member(organization.id, user.id);
    const clone = key.copy();
    const signIn = async (device: SoftAuthenticator): Promise<{ code?: string; reason?: unknown }> => {
      const { challenge } = await firstStep(user);
      return refusal(challenge, device.authenticate(await keyOptions(challenge)));
    };
    await query(`update "user" set factor_failures = 0 where id = ?`, [user.id]);
    expect(await signIn(key)).toEqual({ code: undefined, reason: undefined });
    expect(await signIn(clone)).toEqual({ code: 'KEY_REFUSED', reason: 'COUNTER' });
    expect(await failures(user.id)).toBe(1);
    const audit = await query(`select data from audit_event where organization_id = ? and action = 'SECURITY_KEY_COUNTER_MISMATCH'`, [
      organization.id,
    ]);
    expect(audit).toHaveLength(1);
  });

  it('keeps at most ten open key requests per account: asking again and again replaces the oldest', async () => {
    await query(`update "user" set factor_failures = 0, factor_locked_until = null where id = ?`, [user.id]);
    const { challenge } = await firstStep(user);
    const oldest = await keyOptions(challenge);
    for (let i = 0; i < 12; i++) await keyOptions(challenge);
    const [open] = await query(`select count(*) as n from webauthn_challenge where user_id = ?`, [user.id]);
    expect(Number(open!.n)).toBe(10);
    expect(await refusal(challenge, key.authenticate(oldest))).toEqual({ code: 'KEY_REFUSED', reason: 'CHALLENGE' });
  });

  it('locks the account after five failures, like wrong codes', async () => {
    await query(`update "user" set factor_failures = 0, factor_locked_until = null where id = ?`, [user.id]);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      const { challenge } = await firstStep(user);
      codes.push((await refusal(challenge, key.authenticate(await keyOptions(challenge), { origin: 'https://evil.example' }))).code);
    }
    expect(codes).toEqual(['KEY_REFUSED', 'KEY_REFUSED', 'KEY_REFUSED', 'KEY_REFUSED', 'LOCKED_OUT', 'LOCKED_OUT']);
    await query(`update "user" set factor_failures = 0, factor_locked_until = null where id = ?`, [user.id]);
  });
});

describe('registration refusals', () => {
  it('refuses a wrong origin, a reused, expired or other session’s challenge, and malformed CBOR, storing nothing', async () => {
    const user = await world.factory.user();
    const client = await world.factory.client(user);
    const other = await world.factory.client(user);
    const key = authenticator();
    const finish = async (c: GraphQLClient, response: unknown): Promise<unknown> => {
      // Each refusal counts as a failed attempt: start each from none, or the fifth would lock.
      await query(`update "user" set factor_failures = 0, factor_locked_until = null where id = ?`, [user.id]);
      const result = await c.request(FINISH_REGISTRATION, { input: { name: 'Key', response } });
      return result.errors?.[0]?.extensions?.reason ?? result.errors?.[0]?.extensions?.code;
    };
    const start = async (): Promise<any> => (await client.ok(START_REGISTRATION)).startSecurityKeyRegistration.options;

    expect(await finish(client, key.register(await start(), { origin: 'https://evil.example' }))).toBe('ORIGIN');
    expect(await finish(client, key.register(await start(), { rpId: 'evil.example' }))).toBe('RP_ID');
    expect(await finish(client, key.register(await start(), { attestationObject: Buffer.from([0xbf, 0x01]).toString('base64url') }))).toBe(
      'MALFORMED',
    );
    const options = await start();
    expect(await finish(other, authenticator().register(options))).toBe('CHALLENGE');
    const late = await start();
    world.clock.advance(5 * 60_000 + 1_000);
    expect(await finish(client, authenticator().register(late))).toBe('CHALLENGE');
    expect(await keyCount(user.id)).toBe(0);
    world.clock.advance(5 * 60_000);
    const fresh = await client.request(START_REGISTRATION);
    // Ten minutes on, adding a key needs the password again.
    expect(fresh.errors?.[0]?.extensions).toMatchObject({ code: 'PROOF_REQUIRED', field: 'password' });
    const withPassword = (await client.ok(START_REGISTRATION, { input: { password: user.password } })).startSecurityKeyRegistration.options;
    const answer = authenticator().register(withPassword);
    await client.ok(FINISH_REGISTRATION, { input: { name: 'Key', response: answer } });
    expect(await finish(client, answer)).toBe('CHALLENGE');
    expect(await keyCount(user.id)).toBe(1);
    expect((await query(`select two_factor_enabled, phishing_resistant from "user" where id = ?`, [user.id]))[0]).toEqual({
      two_factor_enabled: true,
      phishing_resistant: true,
    });
  });
});

describe('passkeys', () => {
  it('registers a synced passkey (counter always 0) as PASSKEY, and signs in with it again and again', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const passkey = authenticator({ residentKey: true, backupEligible: true, counterStep: 0 });
    const added = await addKey(await world.factory.client(user), passkey, 'Phone');
    expect(added.key.kind).toBe('PASSKEY');
    expect(added.recoveryCodes).toBeNull(); // the account had 2FA: its codes stay
    for (let i = 0; i < 2; i++) {
      const { challenge, methods } = await firstStep(user);
      expect(methods).toEqual(['PASSKEY', 'TOTP']);
      const answer = passkey.authenticate(await keyOptions(challenge));
      expect((await world.anonymous.ok(COMPLETE, { input: { challenge, securityKey: answer } })).completeSignIn.client).toBe('DESKTOP');
    }
  });
});

describe('removing methods', () => {
  it('never removes the last method an organization requiring 2FA accepts', async () => {
    const organization = await world.factory.organization(undefined, { twoFactorRequired: true });
    const user = await world.factory.user();
    await world.factory.member(organization.id, user.id);
    const client = await world.factory.client(user);
    const { key } = await addKey(client, authenticator());
    const proof = { password: user.password };
    const result = await client.request(REMOVE_KEY, { input: { id: key.id, proof } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'LAST_METHOD_REQUIRED', organizations: [{ id: organization.id }] });
    expect(await keyCount(user.id)).toBe(1);
  });

  it('removes a key while another method remains, keeping the codes; the last one turns 2FA off', async () => {
    const user = await world.factory.user({ twoFactor: true });
    const client = await world.factory.client(user);
    const { key } = await addKey(client, authenticator());
    expect(await client.code(REMOVE_KEY, { input: { id: key.id, proof: { password: 'wrong password!!' } } })).toBe('PROOF_REQUIRED');
    expect(await client.ok(REMOVE_KEY, { input: { id: key.id, proof: { password: user.password } } })).toEqual({ removeSecurityKey: true });
    const { viewer } = await client.ok(KEYS);
    expect(viewer).toMatchObject({ twoFactorEnabled: true, securityKeys: [], twoFactorMethods: [{ kind: 'TOTP' }] });
    await world.smtp.waitFor((m) => m.to.includes(user.email) && /other methods still protect it/.test(m.text));
  });
});

describe('an organization that accepts only phishing-resistant methods', () => {
  let organization: { id: string; name: string };
  let admin: TestUser;
  let adminClient: GraphQLClient;
  let appOnly: TestUser;
  let legal: TestUser;

  beforeAll(async () => {
    organization = await world.factory.organization(undefined, { twoFactorRequired: true });
    admin = await world.factory.user({ twoFactor: true });
    appOnly = await world.factory.user({ twoFactor: true });
    legal = await world.factory.user({ twoFactor: true });
    await world.factory.member(organization.id, admin.id, 'ADMINISTRATOR');
    await world.factory.member(organization.id, legal.id, 'LEGAL_REPRESENTATIVE');
    await world.factory.member(organization.id, appOnly.id);
    adminClient = await world.factory.client(admin);
  });

  it('needs the administrator to have a key of their own, and names whom it would newly block', async () => {
    const input = { organizationId: organization.id, allowedMethods: 'PHISHING_RESISTANT', confirm: true };
    expect(await adminClient.code(SET_METHODS, { input })).toBe('ACTOR_TWO_FACTOR_REQUIRED');
    await addKey(adminClient, authenticator());
    const preview = (await adminClient.ok(PREVIEW, { id: organization.id, methods: 'PHISHING_RESISTANT' })).organization.lockoutPreview;
    expect(preview.candidates.map((c: { member: { id: string } }) => c.member.id).sort()).toEqual([appOnly.id, legal.id].sort());
    expect(await adminClient.code(SET_METHODS, { input: { ...input, confirm: false } })).toBe('CONFIRMATION_REQUIRED');
    expect((await adminClient.ok(SET_METHODS, { input })).setAllowedMethods.allowedMethods).toBe('PHISHING_RESISTANT');
    const audit = await query(`select data from audit_event where organization_id = ? and action = 'METHOD_POLICY_CHANGED'`, [
      organization.id,
    ]);
    expect(audit[0]!.data).toEqual({ allowedMethods: 'PHISHING_RESISTANT', previous: 'ANY' });
  });

  it('counts an app-only member as without 2FA there: list, filter, summary, block — and the apps still work', async () => {
    const { organization: listed } = await adminClient.ok(MEMBERS, { id: organization.id });
    const byId = new Map(listed.members.edges.map(({ node }: { node: { id: string } }) => [node.id, node]));
    expect(byId.get(appOnly.id)).toMatchObject({ compliance: 'NON_COMPLIANT', twoFactorEnabled: true, methodKinds: ['TOTP'] });
    expect(byId.get(admin.id)).toMatchObject({ compliance: 'COMPLIANT', methodKinds: ['TOTP', 'SECURITY_KEY'] });
    expect(listed.securitySummary).toMatchObject({ members: 3, withTwoFactor: 1, nonCompliant: 2 });
    const filtered = await adminClient.ok(MEMBERS, { id: organization.id, filter: { compliance: 'NON_COMPLIANT' } });
    expect(filtered.organization.members.edges.map(({ node }: { node: { id: string } }) => node.id).sort()).toEqual(
      [appOnly.id, legal.id].sort(),
    );

    const web = await world.factory.client(appOnly);
    const { viewer } = await web.ok(KEYS);
    expect(viewer.access).toEqual({
      blocked: true,
      blockingOrganizations: [{ id: organization.id, allowedMethods: 'PHISHING_RESISTANT' }],
    });
    expect(await web.code(MEMBERS, { id: organization.id })).toBe('TWO_FACTOR_REQUIRED');
    // Alerts follow: the app-only member is one to warn; a member with a key here is not.
    const alert = `mutation($input: SendAlertInput!) { sendAlert(input: $input) { id } }`;
    expect(await adminClient.ok(alert, { input: { organizationId: organization.id, userId: appOnly.id, confirm: true } })).toBeTruthy();
    expect(await adminClient.code(alert, { input: { organizationId: organization.id, userId: admin.id, confirm: true } })).toBe('CONFLICT');
    await world.smtp.waitFor((m) => m.to.includes(appOnly.email));
    // The desktop app is answered (never blocked); its access says what the web would do.
    const desktop = await world.factory.client(appOnly, 'DESKTOP');
    expect((await desktop.ok(KEYS)).viewer.access.blockingOrganizations).toEqual([
      { id: organization.id, allowedMethods: 'PHISHING_RESISTANT' },
    ]);
  });

  it('a key unblocks the member; the last key cannot be removed while an app remains', async () => {
    const web = await world.factory.client(appOnly);
    const { key } = await addKey(web, authenticator(), 'Work key');
    expect((await web.ok(KEYS)).viewer.access.blocked).toBe(false);
    const removal = await web.request(REMOVE_KEY, { input: { id: key.id, proof: { password: appOnly.password } } });
    expect(removal.errors?.[0]?.extensions?.code).toBe('LAST_METHOD_REQUIRED');
    expect(removal.errors?.[0]?.message).toMatch(/security key or passkey/);
    // The app may go: the key is what counts here.
    expect(await web.ok(REMOVE_TOTP, { input: { proof: { password: appOnly.password } } })).toEqual({ removeTotp: true });
  });

  it('asks a web session signed in with a recovery code to add a key while the policy holds', async () => {
    const member = await world.factory.user();
    await world.factory.member(organization.id, member.id);
    const { recoveryCodes } = await addKey(await world.factory.client(member), authenticator());
    const { challenge } = await firstStep(member, 'WEB');
    const result = await world.anonymous.request(COMPLETE, { input: { challenge, code: recoveryCodes![0] } });
    const web = new GraphQLClient(world.url, { cookie: sessionCookieFrom(result.setCookie) });
    expect((await web.ok(KEYS)).viewer.access).toEqual({
      blocked: true,
      blockingOrganizations: [{ id: organization.id, allowedMethods: 'PHISHING_RESISTANT' }],
    });
    await addKey(web, authenticator(), 'Replacement');
    expect((await web.ok(KEYS)).viewer.access.blocked).toBe(false);
  });

  it('shows integration tokens which kinds each member has set up, never key data', async () => {
    const { token } = await createToken({ organization, admin, console: adminClient }, { scopes: ['MEMBERS_READ'] });
    const { organization: seen } = await integration(world.server, token).ok(MEMBERS, { id: organization.id });
    const appOnlyRow = seen.members.edges.find(({ node }: { node: { id: string } }) => node.id === appOnly.id).node;
    expect(appOnlyRow.methodKinds).toEqual(['SECURITY_KEY']);
  });

  it('going back to any method mails the legal representatives', async () => {
    const input = { organizationId: organization.id, allowedMethods: 'ANY', confirm: true };
    expect((await adminClient.ok(SET_METHODS, { input })).setAllowedMethods.allowedMethods).toBe('ANY');
    await world.smtp.waitFor((m) => m.to.includes(legal.email) && /Any second factor counts again/.test(m.text));
  });
});

describe('the authenticator app still signs in beside a key', () => {
  it('offers both, keys first, and accepts a code', async () => {
    const user = await world.factory.user({ twoFactor: true });
    await addKey(await world.factory.client(user), authenticator());
    const { challenge, methods } = await firstStep(user);
    expect(methods).toEqual(['SECURITY_KEY', 'TOTP']);
    const code = totpAt(user.totpSecret!, world.clock.now());
    expect((await world.anonymous.ok(COMPLETE, { input: { challenge, code } })).completeSignIn.client).toBe('DESKTOP');
  });
});

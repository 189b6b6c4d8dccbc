import { describe, expect, it } from 'vitest';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { decodeAttestationObject, isoCBOR } from '@simplewebauthn/server/helpers';
import { encodeCbor, SoftAuthenticator, type CborValue, type SoftAuthenticatorOptions } from './soft-authenticator.js';

/** Checks the software authenticator against the real relying-party library. */

const rpID = 'app.example.test';
const origin = 'https://app.example.test';

async function registrationOptions(
  extra: Partial<Parameters<typeof generateRegistrationOptions>[0]> = {},
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({ rpName: 'Twostep', rpID, userName: 'ada@example.test', attestationType: 'none', ...extra });
}

/** Registers a credential and returns what the server would store. */
async function enrol(authenticator: SoftAuthenticator): Promise<{ credential: WebAuthnCredential; userID: string }> {
  const options = await registrationOptions();
  const response = authenticator.register(options);
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
  });
  expect(result.verified).toBe(true);
  return { credential: result.registrationInfo!.credential, userID: options.user.id };
}

function makeAuthenticator(options: SoftAuthenticatorOptions = {}): SoftAuthenticator {
  return new SoftAuthenticator({ origin, rpId: rpID, ...options });
}

describe('SoftAuthenticator registration', () => {
  it('produces a none attestation the library verifies, singleDevice by default', async () => {
    const authenticator = makeAuthenticator();
    const options = await registrationOptions();
    const response = authenticator.register(options);

    expect(response.id).toBe(response.rawId);
    expect(response.type).toBe('public-key');
    expect(response.clientExtensionResults).toEqual({});
    expect(Buffer.from(response.id, 'base64url')).toHaveLength(16);
    const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'));
    expect(clientData).toEqual({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false });

    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: options.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
    });
    expect(result.verified).toBe(true);
    const info = result.registrationInfo!;
    expect(info.fmt).toBe('none');
    expect(info.aaguid).toBe('00000000-0000-0000-0000-000000000000');
    expect(info.credentialDeviceType).toBe('singleDevice');
    expect(info.credentialBackedUp).toBe(false);
    expect(info.userVerified).toBe(true);
    expect(info.credential.id).toBe(response.id);
    expect(info.credential.counter).toBe(0);
    expect(info.origin).toBe(origin);
    expect(info.rpID).toBe(rpID);
    expect(authenticator.credentials()).toEqual([{ id: response.id, rpId: rpID, counter: 0 }]);
  });

  it('marks a backup-eligible credential multiDevice and backed up', async () => {
    const authenticator = makeAuthenticator({ backupEligible: true, residentKey: true });
    const options = await registrationOptions({ authenticatorSelection: { residentKey: 'required' } });
    const response = authenticator.register(options);
    expect(response.authenticatorAttachment).toBe('platform');
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: options.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
    });
    expect(result.verified).toBe(true);
    expect(result.registrationInfo!.credentialDeviceType).toBe('multiDevice');
    expect(result.registrationInfo!.credentialBackedUp).toBe(true);
  });

  it('attests counterStart and leaves UV unset without user verification', async () => {
    const authenticator = makeAuthenticator({ userVerification: false, counterStart: 41 });
    const options = await registrationOptions();
    const response = authenticator.register(options);
    await expect(
      verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpID }),
    ).rejects.toThrow(/User verification was required/);
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: options.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
    expect(result.registrationInfo!.userVerified).toBe(false);
    expect(result.registrationInfo!.credential.counter).toBe(41);
  });

  it('fails verification for a wrong origin, RP ID, challenge or type', async () => {
    const authenticator = makeAuthenticator();
    const options = await registrationOptions();
    const verify = (response: ReturnType<SoftAuthenticator['register']>) =>
      verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpID });

    await expect(verify(authenticator.register(options, { origin: 'https://evil.example.test' }))).rejects.toThrow(/origin/);
    await expect(verify(authenticator.register(options, { rpId: 'evil.example.test' }))).rejects.toThrow(/RP ID/);
    await expect(verify(authenticator.register(options, { challenge: 'c29tZXRoaW5nLWVsc2U' }))).rejects.toThrow(/challenge/);
    await expect(verify(authenticator.register(options, { type: 'webauthn.get' }))).rejects.toThrow(/type/);
  });

  it('throws on malformed clientDataJSON and attestationObject', async () => {
    const authenticator = makeAuthenticator();
    const options = await registrationOptions();
    const verify = (response: ReturnType<SoftAuthenticator['register']>) =>
      verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpID });

    const notJson = Buffer.from('{"type":"webauthn.create",', 'utf8').toString('base64url');
    await expect(verify(authenticator.register(options, { clientDataJSON: notJson }))).rejects.toThrow();
    const notCbor = Buffer.from([0xff, 0x00]).toString('base64url');
    await expect(verify(authenticator.register(options, { attestationObject: notCbor }))).rejects.toThrow();
  });

  it('refuses to register again when excludeCredentials lists one of its credentials', async () => {
    const authenticator = makeAuthenticator();
    const { credential } = await enrol(authenticator);
    const options = await registrationOptions({ excludeCredentials: [{ id: credential.id }] });
    expect(() => authenticator.register(options)).toThrow(/excluded/);
    // Another authenticator is welcome.
    expect(() => makeAuthenticator().register(options)).not.toThrow();
    // The same credential id excluded for another RP does not matter.
    const elsewhere = await generateRegistrationOptions({
      rpName: 'Other',
      rpID: 'other.example.test',
      userName: 'ada',
      excludeCredentials: [{ id: credential.id }],
    });
    expect(() => authenticator.register(elsewhere)).not.toThrow();
  });
});

describe('SoftAuthenticator authentication', () => {
  it('produces an assertion the library verifies and returns the new counter', async () => {
    const authenticator = makeAuthenticator();
    const { credential } = await enrol(authenticator);

    for (const expected of [1, 2]) {
      const options = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: credential.id }] });
      const response = authenticator.authenticate(options);
      expect(response.id).toBe(credential.id);
      expect(response.response.userHandle).toBeUndefined();
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: options.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential,
      });
      expect(result.verified).toBe(true);
      expect(result.authenticationInfo.newCounter).toBe(expected);
      expect(result.authenticationInfo.credentialDeviceType).toBe('singleDevice');
      credential.counter = result.authenticationInfo.newCounter;
    }
    expect(authenticator.credentials()[0]!.counter).toBe(2);
  });

  it('sends the user handle for a passkey on a discoverable request', async () => {
    const authenticator = makeAuthenticator({ residentKey: true, backupEligible: true });
    const { credential, userID } = await enrol(authenticator);
    const options = await generateAuthenticationOptions({ rpID });
    expect(options.allowCredentials ?? []).toEqual([]);
    const response = authenticator.authenticate(options);
    expect(response.id).toBe(credential.id);
    expect(response.response.userHandle).toBe(userID);
    expect(response.authenticatorAttachment).toBe('platform');
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: options.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential,
    });
    expect(result.verified).toBe(true);
    expect(result.authenticationInfo.credentialDeviceType).toBe('multiDevice');
    expect(result.authenticationInfo.credentialBackedUp).toBe(true);

    expect(authenticator.authenticate(options, { userHandle: null }).response.userHandle).toBeUndefined();
  });

  it('fails verification for a wrong origin, RP ID, challenge or type', async () => {
    const authenticator = makeAuthenticator();
    const { credential } = await enrol(authenticator);
    const options = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: credential.id }] });
    const verify = (response: ReturnType<SoftAuthenticator['authenticate']>) =>
      verifyAuthenticationResponse({
        response,
        expectedChallenge: options.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential,
      });

    await expect(verify(authenticator.authenticate(options, { origin: 'https://evil.example.test' }))).rejects.toThrow(/origin/);
    await expect(verify(authenticator.authenticate(options, { rpId: 'evil.example.test' }))).rejects.toThrow(/RP ID/);
    await expect(verify(authenticator.authenticate(options, { challenge: 'c29tZXRoaW5nLWVsc2U' }))).rejects.toThrow(/challenge/);
    await expect(verify(authenticator.authenticate(options, { type: 'webauthn.create' }))).rejects.toThrow(/type/);
  });

  it('throws on malformed clientDataJSON and does not verify a tampered signature', async () => {
    const authenticator = makeAuthenticator();
    const { credential } = await enrol(authenticator);
    const options = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: credential.id }] });
    const verify = (response: ReturnType<SoftAuthenticator['authenticate']>) =>
      verifyAuthenticationResponse({
        response,
        expectedChallenge: options.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential,
      });

    const notJson = Buffer.from('not json at all', 'utf8').toString('base64url');
    await expect(verify(authenticator.authenticate(options, { clientDataJSON: notJson }))).rejects.toThrow();

    const good = authenticator.authenticate(options);
    const bytes = Buffer.from(good.response.signature, 'base64url');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0x01, bytes.length - 1);
    const tampered = { ...good, response: { ...good.response, signature: bytes.toString('base64url') } };
    const outcome = await verify(tampered).then(
      (r) => r.verified,
      () => false,
    );
    expect(outcome).toBe(false);

    // A signature made by another key does not verify either.
    const other = makeAuthenticator();
    await enrol(other);
    const foreign = other.authenticate({ challenge: options.challenge, rpId: rpID });
    const forged = { ...foreign, id: credential.id, rawId: credential.id };
    expect((await verify(forged)).verified).toBe(false);
  });

  it('keeps a synced passkey counter at 0, which passes every time', async () => {
    const authenticator = makeAuthenticator({ residentKey: true, backupEligible: true, counterStep: 0 });
    const { credential } = await enrol(authenticator);
    for (let i = 0; i < 3; i += 1) {
      const options = await generateAuthenticationOptions({ rpID });
      const response = authenticator.authenticate(options);
      expect(Buffer.from(response.response.authenticatorData, 'base64url').readUInt32BE(33)).toBe(0);
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: options.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential,
      });
      expect(result.verified).toBe(true);
      expect(result.authenticationInfo.newCounter).toBe(0);
    }
  });

  it('lets a cloned key and a forced counter show up as a counter going backwards', async () => {
    const authenticator = makeAuthenticator();
    const { credential } = await enrol(authenticator);
    const clone = authenticator.copy();
    expect(clone.credentials()).toEqual(authenticator.credentials());

    const options = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: credential.id }] });
    const verify = (response: ReturnType<SoftAuthenticator['authenticate']>) =>
      verifyAuthenticationResponse({
        response,
        expectedChallenge: options.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential,
      });

    const first = await verify(authenticator.authenticate(options));
    expect(first.authenticationInfo.newCounter).toBe(1);
    credential.counter = 1;
    // The clone signs with the same key but its own counter: 1 again, which is not above 1.
    await expect(verify(clone.authenticate(options))).rejects.toThrow(/counter/);
    expect(clone.credentials()[0]!.counter).toBe(1);
    expect(authenticator.credentials()[0]!.counter).toBe(1);

    // A forced counter is signed as given, once.
    await expect(verify(authenticator.authenticate(options, { counter: 0 }))).rejects.toThrow(/counter/);
    expect(authenticator.credentials()[0]!.counter).toBe(1);
    const forward = await verify(authenticator.authenticate(options, { counter: 1000 }));
    expect(forward.authenticationInfo.newCounter).toBe(1000);
  });

  it('picks a credential by allowCredentials, or a given id, and throws when it holds none', async () => {
    const authenticator = makeAuthenticator();
    const { credential: a } = await enrol(authenticator);
    const { credential: b } = await enrol(authenticator);

    const onlyA = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: a.id }] });
    expect(authenticator.authenticate(onlyA).id).toBe(a.id);
    expect(authenticator.authenticate(onlyA, { credentialId: b.id }).id).toBe(b.id);

    const unknown = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: Buffer.alloc(16, 7).toString('base64url') }] });
    expect(() => authenticator.authenticate(unknown)).toThrow(/no matching credential/);
    const otherRp = await generateAuthenticationOptions({ rpID: 'other.example.test' });
    expect(() => authenticator.authenticate(otherRp)).toThrow(/no matching credential/);
    const discoverable = await generateAuthenticationOptions({ rpID });
    expect(() => makeAuthenticator().authenticate(discoverable)).toThrow();
  });
});

describe('the CBOR encoder', () => {
  it('round-trips through the library decoder', () => {
    const value = new Map<number | string, CborValue>([
      [0, 23],
      [1, 24],
      [2, 255],
      [3, 256],
      [4, 65535],
      [5, 65536],
      [6, 4294967296],
      [-1, -1],
      [-2, -24],
      [-3, -25],
      [-4, -257],
      ['text', 'hello'],
      ['bytes', new Uint8Array(300).fill(9)],
      ['list', [1, 'two', [new Uint8Array([3])]]],
      ['empty', new Map()],
    ]);
    const decoded = isoCBOR.decodeFirst<Map<number | string, unknown>>(new Uint8Array(encodeCbor(value)));
    expect(decoded.get(0)).toBe(23);
    expect(decoded.get(5)).toBe(65536);
    expect(decoded.get(6)).toBe(4294967296);
    expect(decoded.get(-3)).toBe(-25);
    expect(decoded.get(-4)).toBe(-257);
    expect(decoded.get('text')).toBe('hello');
    expect(Buffer.from(decoded.get('bytes') as Uint8Array)).toEqual(Buffer.alloc(300, 9));
    expect(decoded.get('list')).toEqual([1, 'two', [new Uint8Array([3])]]);
    expect(Buffer.from(isoCBOR.encode(decoded as never))).toEqual(encodeCbor(value));
    // Text lengths count UTF-8 bytes (the library's own encoder counts UTF-16 units, so it is left out here).
    expect(encodeCbor('héllo').toString('hex')).toBe('6668c3a96c6c6f');
    expect(isoCBOR.decodeFirst<string>(new Uint8Array(encodeCbor('héllo')))).toBe('héllo');
  });

  it('writes shortest-form heads', () => {
    expect(encodeCbor(0).toString('hex')).toBe('00');
    expect(encodeCbor(24).toString('hex')).toBe('1818');
    expect(encodeCbor(-7).toString('hex')).toBe('26');
    expect(encodeCbor(-25).toString('hex')).toBe('3818');
    expect(encodeCbor(1000).toString('hex')).toBe('1903e8');
    expect(encodeCbor('a').toString('hex')).toBe('6161');
    expect(encodeCbor(new Uint8Array([1, 2])).toString('hex')).toBe('420102');
    expect(encodeCbor([]).toString('hex')).toBe('80');
    expect(encodeCbor(new Map([[1, 2]])).toString('hex')).toBe('a10102');
  });

  it('builds an attestation object the library decodes', async () => {
    const response = makeAuthenticator().register(await registrationOptions());
    const decoded = decodeAttestationObject(new Uint8Array(Buffer.from(response.response.attestationObject, 'base64url')));
    expect(decoded.get('fmt')).toBe('none');
    expect(decoded.get('attStmt').size).toBe(0);
    expect(Buffer.from(decoded.get('authData'))).toEqual(Buffer.from(response.response.authenticatorData, 'base64url'));
  });
});

import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software WebAuthn authenticator (and the browser around it) for API tests: it answers the
 * options a relying party sends with the JSON `@simplewebauthn/browser` would post back. It holds
 * ES256 (P-256) keys, attests with `fmt: 'none'`, and signs assertions like a real device, so the
 * tests check the server against an independent implementation built only on node:crypto.
 */

// ---------------------------------------------------------------------------------------------
// A tiny CBOR encoder (RFC 8949), enough for attestation objects and COSE keys: shortest-form
// heads, definite lengths, maps in insertion order.

export type CborValue = number | bigint | string | Uint8Array | CborValue[] | Map<number | string, CborValue>;

function cborHead(major: number, value: number | bigint): Buffer {
  const n = BigInt(value);
  if (n < 0n) throw new RangeError('CBOR head takes a non-negative value');
  const type = major << 5;
  if (n < 24n) return Buffer.from([type | Number(n)]);
  if (n <= 0xffn) return Buffer.from([type | 24, Number(n)]);
  if (n <= 0xffffn) {
    const out = Buffer.alloc(3);
    out[0] = type | 25;
    out.writeUInt16BE(Number(n), 1);
    return out;
  }
  if (n <= 0xffffffffn) {
    const out = Buffer.alloc(5);
    out[0] = type | 26;
    out.writeUInt32BE(Number(n), 1);
    return out;
  }
  if (n <= 0xffffffffffffffffn) {
    const out = Buffer.alloc(9);
    out[0] = type | 27;
    out.writeBigUInt64BE(n, 1);
    return out;
  }
  throw new RangeError('CBOR integer out of range');
}

/** Encodes integers (major types 0 and 1), byte strings, text strings, arrays and maps. */
export function encodeCbor(value: CborValue): Buffer {
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`CBOR encoder takes integers only: ${value}`);
    const n = BigInt(value);
    return n >= 0n ? cborHead(0, n) : cborHead(1, -1n - n);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(encodeCbor)]);
  const parts: Buffer[] = [cborHead(5, value.size)];
  for (const [key, item] of value) parts.push(encodeCbor(key), encodeCbor(item));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------
// The JSON shapes (structurally those of @simplewebauthn/server 14, without importing it).

export interface CredentialDescriptorLike {
  id: string;
  type?: string;
  transports?: readonly string[];
}

/** What it reads of `PublicKeyCredentialCreationOptionsJSON`. */
export interface CreationOptionsLike {
  rp: { id?: string; name?: string };
  user: { id: string; name?: string; displayName?: string };
  challenge: string;
  pubKeyCredParams?: readonly { alg: number; type?: string }[];
  excludeCredentials?: readonly CredentialDescriptorLike[];
}

/** What it reads of `PublicKeyCredentialRequestOptionsJSON`. */
export interface RequestOptionsLike {
  challenge: string;
  rpId?: string;
  allowCredentials?: readonly CredentialDescriptorLike[];
}

export interface SoftRegistrationResponseJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    attestationObject: string;
    authenticatorData: string;
    transports: string[];
    publicKeyAlgorithm: number;
    publicKey: string;
  };
  authenticatorAttachment: 'platform' | 'cross-platform';
  clientExtensionResults: Record<never, never>;
}

export interface SoftAuthenticationResponseJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string;
  };
  authenticatorAttachment: 'platform' | 'cross-platform';
  clientExtensionResults: Record<never, never>;
}

export interface SoftAuthenticatorOptions {
  /** The page's origin put in clientDataJSON. Default: `https://<rpId>` (`http://localhost` for localhost). */
  origin?: string;
  /** The RP ID used when the options carry none (request options may omit `rpId`). Default `localhost`. */
  rpId?: string;
  /** A passkey (discoverable credential): assertions carry the user handle. Default false. */
  residentKey?: boolean;
  /** Sets the UV flag. Default true. */
  userVerification?: boolean;
  /** Sets the BE and BS flags (a synced, "multiDevice" credential). Default false. */
  backupEligible?: boolean;
  /** The signature counter a new credential starts at (sent in the attestation). Default 0. */
  counterStart?: number;
  /** How much each assertion bumps the counter; 0 = a synced passkey whose counter stays 0. Default 1. */
  counterStep?: number;
}

export interface RegisterOverrides {
  /** clientDataJSON.origin. */
  origin?: string;
  /** The RP ID hashed into authenticatorData (the credential is still stored under the options' RP ID). */
  rpId?: string;
  /** clientDataJSON.challenge. */
  challenge?: string;
  /** clientDataJSON.type (default `webauthn.create`). */
  type?: string;
  /** Raw base64url sent as `response.clientDataJSON`, e.g. to send malformed JSON. */
  clientDataJSON?: string;
  /** Raw base64url sent as `response.attestationObject`. */
  attestationObject?: string;
}

export interface AuthenticateOverrides {
  /** clientDataJSON.origin. */
  origin?: string;
  /** The RP ID hashed into authenticatorData (credentials are still looked up under the request's RP ID). */
  rpId?: string;
  /** clientDataJSON.challenge. */
  challenge?: string;
  /** clientDataJSON.type (default `webauthn.get`). */
  type?: string;
  /** The counter to sign for this assertion only (e.g. going backwards); the stored counter is left alone. */
  counter?: number;
  /** Use this credential (base64url id) even when `allowCredentials` does not list it. */
  credentialId?: string;
  /** Raw base64url sent as `response.clientDataJSON` (the signature still covers the real one). */
  clientDataJSON?: string;
  /** Raw base64url sent as `response.authenticatorData` (the signature still covers the real one). */
  authenticatorData?: string;
  /** Raw base64url sent as `response.signature`. */
  signature?: string;
  /** The user handle to send; null sends none. */
  userHandle?: string | null;
}

export interface SoftCredentialInfo {
  /** base64url credential id. */
  id: string;
  rpId: string;
  /** The last counter value it signed (or attested). */
  counter: number;
}

interface StoredCredential {
  id: Buffer;
  rpId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** base64url user.id from the registration options. */
  userHandle: string;
  counter: number;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;
const COSE_ALG_ES256 = -7;

const b64url = (data: Uint8Array): string => Buffer.from(data).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

function domError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export class SoftAuthenticator {
  private readonly options: Required<Omit<SoftAuthenticatorOptions, 'origin'>> & { origin: string | undefined };
  private readonly store: StoredCredential[] = [];

  constructor(options: SoftAuthenticatorOptions = {}) {
    this.options = {
      origin: options.origin,
      rpId: options.rpId ?? 'localhost',
      residentKey: options.residentKey ?? false,
      userVerification: options.userVerification ?? true,
      backupEligible: options.backupEligible ?? false,
      counterStart: options.counterStart ?? 0,
      counterStep: options.counterStep ?? 1,
    };
  }

  /** Answers `navigator.credentials.create()`: a new ES256 credential, attested with `fmt: 'none'`. */
  register(optionsJSON: CreationOptionsLike, overrides: RegisterOverrides = {}): SoftRegistrationResponseJSON {
    const rpId = optionsJSON.rp.id ?? this.options.rpId;
    const excluded = new Set((optionsJSON.excludeCredentials ?? []).map((c) => c.id));
    const known = this.store.find((c) => c.rpId === rpId && excluded.has(b64url(c.id)));
    if (known) throw domError('InvalidStateError', `The authenticator already holds excluded credential ${b64url(known.id)} for ${rpId}`);
    const params = optionsJSON.pubKeyCredParams;
    if (params && params.length > 0 && !params.some((p) => p.alg === COSE_ALG_ES256)) {
      throw domError('NotSupportedError', 'The authenticator supports ES256 (-7) only');
    }

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const credential: StoredCredential = {
      id: randomBytes(16),
      rpId,
      privateKey,
      publicKey,
      userHandle: optionsJSON.user.id,
      counter: this.options.counterStart,
    };
    this.store.push(credential);

    const jwk = publicKey.export({ format: 'jwk' });
    const coseKey = encodeCbor(
      new Map<number, CborValue>([
        [1, 2], // kty: EC2
        [3, COSE_ALG_ES256], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const credIdLength = Buffer.alloc(2);
    credIdLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      this.authDataHead(overrides.rpId ?? rpId, FLAG_AT, credential.counter),
      Buffer.alloc(16), // aaguid
      credIdLength,
      credential.id,
      coseKey,
    ]);
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = this.clientData(
      overrides.type ?? 'webauthn.create',
      overrides.challenge ?? optionsJSON.challenge,
      overrides.origin,
      rpId,
    );

    const id = b64url(credential.id);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: overrides.clientDataJSON ?? b64url(clientDataJSON),
        attestationObject: overrides.attestationObject ?? b64url(attestationObject),
        authenticatorData: b64url(authData),
        transports: this.transports(),
        publicKeyAlgorithm: COSE_ALG_ES256,
        publicKey: b64url(publicKey.export({ format: 'der', type: 'spki' })),
      },
      authenticatorAttachment: this.attachment(),
      clientExtensionResults: {},
    };
  }

  /**
   * Answers `navigator.credentials.get()`: signs with a credential it holds for the RP ID that the
   * request allows (with an empty `allowCredentials`, any it holds for the RP ID; the most recently
   * registered one wins).
   */
  authenticate(optionsJSON: RequestOptionsLike, overrides: AuthenticateOverrides = {}): SoftAuthenticationResponseJSON {
    const rpId = optionsJSON.rpId ?? this.options.rpId;
    const credential = this.pick(rpId, optionsJSON.allowCredentials ?? [], overrides.credentialId);

    let counter: number;
    if (overrides.counter !== undefined) {
      counter = overrides.counter;
    } else {
      credential.counter += this.options.counterStep;
      counter = credential.counter;
    }
    const authData = this.authDataHead(overrides.rpId ?? rpId, 0, counter);
    const clientDataJSON = this.clientData(
      overrides.type ?? 'webauthn.get',
      overrides.challenge ?? optionsJSON.challenge,
      overrides.origin,
      rpId,
    );
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);

    let userHandle: string | undefined = this.options.residentKey ? credential.userHandle : undefined;
    if (overrides.userHandle !== undefined) userHandle = overrides.userHandle ?? undefined;

    const id = b64url(credential.id);
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: overrides.clientDataJSON ?? b64url(clientDataJSON),
        authenticatorData: overrides.authenticatorData ?? b64url(authData),
        signature: overrides.signature ?? b64url(signature),
        ...(userHandle === undefined ? {} : { userHandle }),
      },
      authenticatorAttachment: this.attachment(),
      clientExtensionResults: {},
    };
  }

  /** The credentials it holds, oldest first. */
  credentials(): SoftCredentialInfo[] {
    return this.store.map((c) => ({ id: b64url(c.id), rpId: c.rpId, counter: c.counter }));
  }

  /** A clone holding the same keys and counters (a "cloned key"); the two count separately from now on. */
  copy(): SoftAuthenticator {
    const clone = new SoftAuthenticator({ ...this.options });
    for (const c of this.store) clone.store.push({ ...c, id: Buffer.from(c.id) });
    return clone;
  }

  private pick(rpId: string, allow: readonly CredentialDescriptorLike[], credentialId: string | undefined): StoredCredential {
    if (credentialId !== undefined) {
      const chosen =
        this.store.find((c) => b64url(c.id) === credentialId && c.rpId === rpId) ?? this.store.find((c) => b64url(c.id) === credentialId);
      if (!chosen) throw domError('NotAllowedError', `The authenticator holds no credential ${credentialId}`);
      return chosen;
    }
    const allowed = new Set(allow.map((c) => c.id));
    const candidates = this.store.filter((c) => c.rpId === rpId && (allowed.size === 0 || allowed.has(b64url(c.id))));
    const chosen = candidates[candidates.length - 1];
    if (!chosen) throw domError('NotAllowedError', `The authenticator holds no matching credential for ${rpId}`);
    return chosen;
  }

  private authDataHead(rpId: string, extraFlags: number, counter: number): Buffer {
    let flags = FLAG_UP | extraFlags;
    if (this.options.userVerification) flags |= FLAG_UV;
    if (this.options.backupEligible) flags |= FLAG_BE | FLAG_BS;
    const tail = Buffer.alloc(5);
    tail[0] = flags;
    tail.writeUInt32BE(counter >>> 0, 1);
    return Buffer.concat([sha256(rpId), tail]);
  }

  private clientData(type: string, challenge: string, origin: string | undefined, rpId: string): Buffer {
    const page = origin ?? this.options.origin ?? (rpId === 'localhost' ? 'http://localhost' : `https://${rpId}`);
    return Buffer.from(JSON.stringify({ type, challenge, origin: page, crossOrigin: false }), 'utf8');
  }

  private attachment(): 'platform' | 'cross-platform' {
    return this.options.residentKey ? 'platform' : 'cross-platform';
  }

  private transports(): string[] {
    return this.options.residentKey ? ['hybrid', 'internal'] : ['usb'];
  }
}

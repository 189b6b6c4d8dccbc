import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { ErrorCode, Limits, TwoFactorMethodKind } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { sql } from '../../core/database/sql.js';
import { badInput, DomainError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { MailQueue } from '../../core/mail/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import type { FactorAttempts } from './attempts.js';
import { newRecoveryCodes } from './recovery-codes.js';
import type { TwoFactorService } from './two-factor.service.js';

/** A ceremony's challenge lives five minutes (the sign-in challenge's own life), and works once. */
const CHALLENGE_MS = 5 * 60_000;

/** Open ceremonies an account may have at once (several tabs, a retried prompt). */
const MAX_OPEN_CHALLENGES = 10;

export type KeyKind = typeof TwoFactorMethodKind.SECURITY_KEY | typeof TwoFactorMethodKind.PASSKEY;

/** Why a key's answer was refused (`extensions.reason` of KEY_REFUSED). */
export type KeyRefusal = 'ORIGIN' | 'RP_ID' | 'CHALLENGE' | 'COUNTER' | 'CREDENTIAL' | 'USER_PRESENCE' | 'MALFORMED';

export interface SecurityKeyRow {
  id: string;
  name: string;
  kind: KeyKind;
  createdAt: Date;
  lastUsedAt: Date | null;
}

interface CredentialRow {
  id: string;
  credential_id: string;
  public_key: Buffer;
  counter: string;
  transports: string[];
  kind: KeyKind;
  name: string;
}

const refused = (reason: KeyRefusal, message = 'The security key’s answer was refused.'): DomainError =>
  new DomainError(ErrorCode.KEY_REFUSED, message, { reason });

/** The library's refusal, named: its messages are the only thing that tells the checks apart. */
function reasonOf(error: unknown): KeyRefusal {
  const message = error instanceof Error ? error.message : '';
  if (/origin/i.test(message)) return 'ORIGIN';
  if (/RP ID/i.test(message)) return 'RP_ID';
  if (/challenge/i.test(message)) return 'CHALLENGE';
  if (/counter/i.test(message)) return 'COUNTER';
  if (/user (was )?not present|user presence/i.test(message)) return 'USER_PRESENCE';
  return 'MALFORMED';
}

/** A key's name: 1–60 characters once trimmed, no control characters. */
export function validKeyName(value: unknown, field = 'name'): string {
  const name = typeof value === 'string' ? value.normalize('NFC').trim().replace(/\s+/g, ' ') : '';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (name.length === 0 || name.length > Limits.maxKeyNameLength || /[\u0000-\u001f\u007f]/.test(name))
    throw badInput(field, `Name the key with 1 to ${Limits.maxKeyNameLength} characters.`);
  return name;
}

/** The challenge a browser's answer carries in its client data; a malformed answer has none. */
function challengeOf(response: unknown): string {
  const clientData = (response as { response?: { clientDataJSON?: unknown } } | null)?.response?.clientDataJSON;
  if (typeof clientData !== 'string' || clientData.length > 4096) throw refused('MALFORMED');
  try {
    const parsed = JSON.parse(Buffer.from(clientData, 'base64url').toString('utf8')) as { challenge?: unknown };
    if (typeof parsed.challenge !== 'string' || parsed.challenge.length === 0 || parsed.challenge.length > 200) throw new Error();
    return parsed.challenge;
  } catch {
    throw refused('MALFORMED');
  }
}

/** The credential id an answer names (its `id`), bounded. */
function credentialIdOf(response: unknown): string {
  const id = (response as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 1400 || !/^[A-Za-z0-9_-]+$/.test(id)) throw refused('MALFORMED');
  return id;
}

interface Deps {
  orm: MikroORM;
  clock: Clock;
  config: Pick<Config, 'webAuthn'>;
  attempts: FactorAttempts;
  twoFactor: TwoFactorService;
  mail: MailQueue;
  audit: AuditService;
  log: Logger;
}

/**
 * Security keys and passkeys (WebAuthn) as second factors, with SimpleWebAuthn: the registration
 * and assertion ceremonies, whose challenges are kept server-side, bound to the session (or
 * sign-in challenge) that asked for them, and used once; the account's keys, renamed and listed.
 * Every answer checked counts as an attempt, like a code.
 */
export class SecurityKeys {
  constructor(private readonly deps: Deps) {}

  private rpId(): string {
    const rpId = this.deps.config.webAuthn.rpId;
    if (!rpId)
      throw new DomainError(ErrorCode.CONFLICT, 'Security keys need PUBLIC_URL to name the server by a host name, not an IP address.', {
        reason: 'NO_RELYING_PARTY',
      });
    return rpId;
  }

  async list(em: EntityManager, userId: string): Promise<SecurityKeyRow[]> {
    const rows = await sql<{ id: string; name: string; kind: KeyKind; created_at: Date; last_used_at: Date | null }>(
      em,
      `select id, name, kind, created_at, last_used_at from webauthn_credential where user_id = ? order by created_at, id`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      createdAt: new Date(r.created_at),
      lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
    }));
  }

  /** The options for `navigator.credentials.create` (through `startRegistration`), its challenge bound to the session. */
  async registrationOptions(
    em: EntityManager,
    user: { id: string; email: string; displayName: string },
    sessionId: string,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const rpID = this.rpId();
    const existing = await sql<{ credential_id: string; transports: string[] }>(
      em,
      `select credential_id, transports from webauthn_credential where user_id = ?`,
      [user.id],
    );
    if (existing.length >= Limits.maxKeysPerAccount)
      throw new DomainError(ErrorCode.CONFLICT, `An account may have at most ${Limits.maxKeysPerAccount} security keys and passkeys.`, {
        reason: 'TOO_MANY_KEYS',
      });
    const options = await generateRegistrationOptions({
      rpName: this.deps.config.webAuthn.rpName,
      rpID,
      userName: user.email,
      userDisplayName: user.displayName,
      userID: Buffer.from(user.id.replace(/-/g, ''), 'hex'),
      attestationType: 'none',
      timeout: CHALLENGE_MS,
      excludeCredentials: existing.map((c) => ({ id: c.credential_id, transports: c.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      extensions: { credProps: true },
      // ES256, EdDSA, RS256: what keys and platforms offer.
      supportedAlgorithmIDs: [-7, -8, -257],
    });
    await this.keepChallenge(em, user.id, 'REGISTRATION', options.challenge, sessionId);
    return options;
  }

  /**
   * Checks a registration answer against the session's challenge and stores the key. The first
   * method of an account comes with recovery codes (returned, shown once); later keys leave the
   * codes as they are (they cover every method).
   */
  async register(
    em: EntityManager,
    userId: string,
    sessionId: string,
    input: { name: string; response: unknown },
  ): Promise<{ key: SecurityKeyRow; recoveryCodes: string[] | null; enabled: boolean; newlyResistant: boolean }> {
    const name = validKeyName(input.name);
    const rpID = this.rpId();
    await this.deps.attempts.count(userId);
    const info = await this.checked(userId, async () => {
      const challenge = challengeOf(input.response);
      await this.useChallenge(userId, 'REGISTRATION', challenge, sessionId);
      const verification = await verifyRegistrationResponse({
        response: input.response as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.deps.config.webAuthn.origins,
        expectedRPID: rpID,
        requireUserVerification: false,
      });
      if (!verification.verified) throw refused('MALFORMED');
      return verification.registrationInfo;
    });
    const rk = (input.response as { clientExtensionResults?: { credProps?: { rk?: unknown } } }).clientExtensionResults?.credProps?.rk;
    const kind: KeyKind =
      info.credentialDeviceType === 'multiDevice' || rk === true ? TwoFactorMethodKind.PASSKEY : TwoFactorMethodKind.SECURITY_KEY;
    const now = this.deps.clock.now();
    const id = randomUUID();
    const outcome = await em.transactional(async (tx) => {
      const [user] = await sql<{ email: string; display_name: string; two_factor_enabled: boolean; phishing_resistant: boolean }>(
        tx,
        `select email, display_name, two_factor_enabled, phishing_resistant from "user" where id = ? for update`,
        [userId],
      );
      const inserted = await sql(
        tx,
        `insert into webauthn_credential (id, user_id, credential_id, public_key, counter, transports, kind, backed_up, name, created_at)
         values (?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?) on conflict (credential_id) do nothing returning id`,
        [
          id,
          userId,
          info.credential.id,
          Buffer.from(info.credential.publicKey),
          info.credential.counter,
          `{${(info.credential.transports ?? []).filter((t) => /^[a-z-]+$/.test(t)).join(',')}}`,
          kind,
          info.credentialBackedUp,
          name,
          now,
        ],
      );
      if (inserted.length === 0) throw new DomainError(ErrorCode.CONFLICT, 'This key is registered already.');
      await sql(tx, `update "user" set two_factor_enabled = true, phishing_resistant = true where id = ?`, [userId]);
      const codes = user!.two_factor_enabled ? null : newRecoveryCodes();
      if (codes) await this.deps.twoFactor.replaceRecoveryCodes(tx, userId, codes);
      await this.deps.twoFactor.endBlockEpisodes(tx, userId);
      // The session has a key now: where keys are required, it no longer owes one (a recovery-code sign-in).
      await sql(tx, `update session set second_factor = ? where id = ?`, [kind, sessionId]);
      const method = kind === TwoFactorMethodKind.PASSKEY ? 'passkey' : 'security key';
      this.deps.mail.queue(tx, { to: user!.email, template: 'second-factor-added', data: { name: user!.display_name, method } });
      await tx.flush();
      await this.deps.audit.recordForMemberships(tx, userId, AuditAction.SECURITY_KEY_ADDED, { userId }, { kind, name });
      if (!user!.two_factor_enabled)
        await this.deps.audit.recordForMemberships(tx, userId, AuditAction.TWO_FACTOR_ENABLED, { userId }, { method: kind });
      return { codes, enabledBefore: user!.two_factor_enabled, resistantBefore: user!.phishing_resistant };
    });
    await this.deps.attempts.clear(userId);
    this.deps.mail.wake();
    return {
      key: { id, name, kind, createdAt: now, lastUsedAt: null },
      recoveryCodes: outcome.codes,
      enabled: !outcome.enabledBefore,
      newlyResistant: !outcome.resistantBefore,
    };
  }

  /** The options for `navigator.credentials.get`, listing the account's keys, bound to the sign-in challenge (`boundTo`). */
  async assertionOptions(em: EntityManager, userId: string, boundTo: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const rpID = this.rpId();
    const keys = await sql<{ credential_id: string; transports: string[] }>(
      em,
      `select credential_id, transports from webauthn_credential where user_id = ? order by created_at`,
      [userId],
    );
    if (keys.length === 0) throw new DomainError(ErrorCode.CONFLICT, 'This account has no security key or passkey.');
    const options = await generateAuthenticationOptions({
      rpID,
      timeout: CHALLENGE_MS,
      userVerification: 'preferred',
      allowCredentials: keys.map((k) => ({ id: k.credential_id, transports: k.transports })),
    });
    await this.keepChallenge(em, userId, 'SIGN_IN', options.challenge, boundTo);
    return options;
  }

  /**
   * Checks an assertion for the account against the challenge bound to `boundTo`; returns the key's
   * kind. A counter that goes backwards (or stands still above 0) refuses the answer and is audited:
   * the key may have been cloned. A counter that stays 0 is a synced passkey's, and passes.
   */
  async verifyAssertion(em: EntityManager, userId: string, boundTo: string, response: unknown): Promise<KeyKind> {
    const rpID = this.rpId();
    await this.deps.attempts.count(userId);
    const { key, newCounter } = await this.checked(userId, async () => {
      const challenge = challengeOf(response);
      const credentialId = credentialIdOf(response);
      await this.useChallenge(userId, 'SIGN_IN', challenge, boundTo);
      const [row] = await sql<CredentialRow>(
        em,
        `select id, credential_id, public_key, counter, transports, kind, name from webauthn_credential where user_id = ? and credential_id = ?`,
        [userId, credentialId],
      );
      if (!row) throw refused('CREDENTIAL', 'This key is not one of the account’s.');
      try {
        const verification = await verifyAuthenticationResponse({
          response: response as AuthenticationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin: this.deps.config.webAuthn.origins,
          expectedRPID: rpID,
          requireUserVerification: false,
          credential: { id: row.credential_id, publicKey: new Uint8Array(row.public_key), counter: Number(row.counter) },
        });
        if (!verification.verified) throw refused('MALFORMED');
        return { key: row, newCounter: verification.authenticationInfo.newCounter };
      } catch (error) {
        if (!(error instanceof DomainError) && reasonOf(error) === 'COUNTER') await this.reportCounter(userId, row);
        throw error;
      }
    });
    // Conditional on the counter read: of two answers with the same counter, one wins.
    const updated = await sql(
      em,
      `update webauthn_credential set counter = ?, last_used_at = ? where id = ? and (counter < ? or (counter = 0 and ? = 0)) returning id`,
      [newCounter, this.deps.clock.now(), key.id, newCounter, newCounter],
    );
    if (updated.length === 0) return this.deps.attempts.refuse(userId, refused('COUNTER'));
    await this.deps.attempts.clear(userId);
    return key.kind;
  }

  async rename(em: EntityManager, userId: string, keyId: string, name: string): Promise<SecurityKeyRow> {
    const valid = validKeyName(name);
    const rows = await sql<{ id: string }>(em, `update webauthn_credential set name = ? where id = ? and user_id = ? returning id`, [
      valid,
      keyId,
      userId,
    ]);
    if (rows.length === 0) throw new DomainError(ErrorCode.NOT_FOUND, 'Security key not found');
    return (await this.list(em, userId)).find((k) => k.id === keyId)!;
  }

  /** Runs a check; a refusal of any kind keeps its attempt counted and answers KEY_REFUSED (or LOCKED_OUT). */
  private async checked<T>(userId: string, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (error) {
      if (error instanceof DomainError) return this.deps.attempts.refuse(userId, error);
      return this.deps.attempts.refuse(userId, refused(reasonOf(error)));
    }
  }

  /** Keeps a ceremony's challenge; the account's expired challenges go at the same time. */
  private async keepChallenge(
    em: EntityManager,
    userId: string,
    purpose: 'REGISTRATION' | 'SIGN_IN',
    challenge: string,
    boundTo: string,
  ): Promise<void> {
    const now = this.deps.clock.now();
    // Used and expired ones go, and at most MAX_OPEN_CHALLENGES stay open per account: asking again
    // and again (a sign-in's options are public) replaces the oldest instead of filling the table.
    await sql(
      em,
      `delete from webauthn_challenge where user_id = ? and (expires_at <= ? or used_at is not null
         or id not in (select id from webauthn_challenge where user_id = ? order by seq desc limit ?))`,
      [userId, now, userId, MAX_OPEN_CHALLENGES - 1],
    );
    await sql(
      em,
      `insert into webauthn_challenge (id, user_id, purpose, challenge, bound_to, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?)`,
      [randomUUID(), userId, purpose, challenge, boundTo, now, new Date(now.getTime() + CHALLENGE_MS)],
    );
  }

  /**
   * Uses the challenge once, in its own committed statement (a refused answer uses it up too): it
   * must be the account's, for this ceremony, bound to this session or sign-in, and not expired.
   */
  private async useChallenge(userId: string, purpose: 'REGISTRATION' | 'SIGN_IN', challenge: string, boundTo: string): Promise<void> {
    const now = this.deps.clock.now();
    const rows = await sql(
      this.deps.orm.em.fork(),
      `update webauthn_challenge set used_at = ?
       where challenge = ? and user_id = ? and purpose = ? and bound_to = ? and used_at is null and expires_at > ? returning id`,
      [now, challenge, userId, purpose, boundTo, now],
    );
    if (rows.length === 0) throw refused('CHALLENGE', 'This key request is unknown, used or expired. Start again.');
  }

  /** A counter that went backwards: audited in each organization of the account (a cloned key?). */
  private async reportCounter(userId: string, key: CredentialRow): Promise<void> {
    await this.deps.audit.recordForMemberships(
      this.deps.orm.em.fork(),
      userId,
      AuditAction.SECURITY_KEY_COUNTER_MISMATCH,
      { userId },
      { keyId: key.id, name: key.name, counter: Number(key.counter) },
    );
    this.deps.log.warn({ userId, keyId: key.id }, 'a security key answered with a counter that went backwards');
  }
}

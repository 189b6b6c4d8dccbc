import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ClientKind, ErrorCode, type TwoFactorMethodKind } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { sql } from '../../core/database/sql.js';
import { badInput, DomainError } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { Logger } from '../../core/logger.js';
import type { MailQueue } from '../../core/mail/index.js';
import type { PasswordHasher } from '../../core/security/password-hasher.js';
import type { RateLimiter } from '../../core/security/rate-limiter.js';
import { hashToken, newToken } from '../../core/security/tokens.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { OneTimePurpose, OneTimeToken } from './one-time-token.entity.js';
import type { SessionClient, Session } from './session.entity.js';
import type { SessionService } from './session.service.js';
import { User } from './user.entity.js';
import { boundedSecret, validDisplayName, validEmail, validNewPassword } from './validation.js';

const minute = 60_000;
const CHALLENGE_MS = 5 * minute;
const RESET_MS = 30 * minute;
const EMAIL_CHANGE_MS = 24 * 60 * minute;
const SIGN_IN_WINDOW_MS = 15 * minute;

/** The per-account counter of sign-ins and proofs: by address, so that unknown addresses count too. */
const accountLimitKey = (email: string): string => `sign-in:account:${email.trim().toLowerCase().slice(0, 320)}`;

export type SignInOutcome =
  | { kind: 'signedIn'; token: string; session: Session; user: User }
  | { kind: 'challenge'; challenge: string; expiresAt: Date; methods: TwoFactorMethodKind[] };

/**
 * What sign-in and proofs need of the second factors: the kinds an account may finish a sign-in
 * with, a check of a code, and a security key's ceremony bound to the sign-in challenge (`boundTo`),
 * each check counted against the account.
 */
export interface SecondFactorCheck {
  signInMethods(em: EntityManager, userId: string): Promise<TwoFactorMethodKind[]>;
  verify(em: EntityManager, userId: string, code: string): Promise<TwoFactorMethodKind>;
  keyOptions(em: EntityManager, userId: string, boundTo: string): Promise<object>;
  verifyKey(em: EntityManager, userId: string, boundTo: string, response: unknown): Promise<TwoFactorMethodKind>;
}

interface Deps {
  clock: Clock;
  config: Pick<Config, 'signInLimitPerAccount' | 'signInLimitPerAddress'>;
  hasher: PasswordHasher;
  limiter: RateLimiter;
  sessions: SessionService;
  /**
   * Checks a second-factor code for an account (the two-factor module, handed in by the composition
   * root: two-factor builds on accounts, so accounts does not import it).
   */
  twoFactor: SecondFactorCheck;
  mail: MailQueue;
  audit: AuditService;
  events: DomainEvents;
  log: Logger;
}

/** Accounts: creation, sign-in in one or two steps, password and e-mail changes, password reset. */
export class AccountsService {
  /** Work started after an answer (`afterAnswer`) and not finished yet. */
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: Deps) {}

  async findByEmail(em: EntityManager, email: string): Promise<User | null> {
    const rows = await sql<{ id: string }>(em, `select id from "user" where lower(email) = lower(?)`, [email.trim()]);
    return rows[0] ? em.findOne(User, rows[0].id) : null;
  }

  /** Creates an account in the caller's unit of work (invitations, the operator command, the seed). */
  async createUser(em: EntityManager, input: { email: string; displayName: string; password: string }): Promise<User> {
    const email = validEmail(input.email);
    const displayName = validDisplayName(input.displayName);
    const password = validNewPassword(input.password, 'password');
    if (await this.findByEmail(em, email))
      throw new DomainError(ErrorCode.CONFLICT, 'An account with this e-mail exists; sign in instead.', { field: 'email' });
    const user = em.create(User, {
      id: randomUUID(),
      email,
      displayName,
      passwordHash: await this.deps.hasher.hash(password),
      createdAt: this.deps.clock.now(),
    });
    em.persist(user);
    return user;
  }

  /**
   * First step of sign-in. The answer and the time taken are the same whether the account exists
   * or not: an unknown e-mail is checked against a dummy hash.
   */
  async signIn(
    em: EntityManager,
    input: { email: string; password: string; client: ClientKind },
    from: { ip: string; userAgent?: string },
  ): Promise<SignInOutcome> {
    if (input.client === ClientKind.INTEGRATION)
      throw badInput('client', 'Integration tokens are created by administrators, not by signing in.');
    const email = input.email.trim().toLowerCase().slice(0, 320);
    const password = boundedSecret(input.password, 'password');
    // A place in the hashing queue first: beyond it, BUSY comes before the rate-limit writes and
    // the lookup, and costs nothing; a sign-in admitted here is not refused later.
    const place = this.deps.hasher.reserve();
    let user: User | null;
    let ok: boolean;
    try {
      const byAddress = await this.deps.limiter.hit(em, `sign-in:ip:${from.ip}`, this.deps.config.signInLimitPerAddress, SIGN_IN_WINDOW_MS);
      const byAccount = await this.deps.limiter.hit(em, accountLimitKey(email), this.deps.config.signInLimitPerAccount, SIGN_IN_WINDOW_MS);
      for (const decision of [byAddress, byAccount]) {
        if (!decision.allowed)
          throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many sign-in attempts. Try again later.', {
            retryAt: decision.retryAt.toISOString(),
          });
      }
      user = await this.findByEmail(em, email);
      ok = await this.deps.hasher.verify(user?.passwordHash, password, place);
    } finally {
      place.release();
    }
    if (!user || !ok) throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'The e-mail or the password is wrong.');
    await this.deps.limiter.reset(em, accountLimitKey(email));
    if (user.twoFactorEnabled) {
      const { token, hash } = newToken('tsc');
      const expiresAt = new Date(this.deps.clock.now().getTime() + CHALLENGE_MS);
      em.persist(this.oneTime(em, user, OneTimePurpose.SIGN_IN_CHALLENGE, hash, expiresAt, { client: input.client }));
      await em.flush();
      return { kind: 'challenge', challenge: token, expiresAt, methods: await this.deps.twoFactor.signInMethods(em, user.id) };
    }
    const { session, token } = this.deps.sessions.create(em, user, input.client, from.userAgent);
    await em.flush();
    return { kind: 'signedIn', token, session, user };
  }

  /**
   * A security key's options for the sign-in challenge (for `navigator.credentials.get`), bound to
   * it: a key's answer to another sign-in's options is refused.
   */
  async securityKeySignInOptions(em: EntityManager, challengeToken: string): Promise<object> {
    const challenge = await this.liveToken(em, challengeToken, OneTimePurpose.SIGN_IN_CHALLENGE);
    if (!challenge) throw new DomainError(ErrorCode.CHALLENGE_EXPIRED, 'This sign-in has expired. Start again.');
    return this.deps.twoFactor.keyOptions(em, challenge.user.id, challenge.id);
  }

  /**
   * Second step: a TOTP or recovery code, or a security key's answer, for the challenge. The
   * challenge works once. The session remembers which factor it was.
   */
  async completeSignIn(
    em: EntityManager,
    input: { challenge: string; code?: string | null; securityKey?: unknown },
    from: { userAgent?: string },
  ): Promise<SignInOutcome & { kind: 'signedIn' }> {
    const hasKey = input.securityKey !== undefined && input.securityKey !== null;
    if (hasKey === (typeof input.code === 'string' && input.code !== ''))
      throw badInput('code', 'Send either a code or a security key’s answer.');
    const challenge = await this.liveToken(em, input.challenge, OneTimePurpose.SIGN_IN_CHALLENGE);
    if (!challenge) throw new DomainError(ErrorCode.CHALLENGE_EXPIRED, 'This sign-in has expired. Start again.');
    const factor = hasKey
      ? await this.deps.twoFactor.verifyKey(em, challenge.user.id, challenge.id, input.securityKey)
      : await this.deps.twoFactor.verify(em, challenge.user.id, boundedSecret(input.code!, 'code'));
    if (!(await this.useToken(em, challenge.id)))
      throw new DomainError(ErrorCode.CHALLENGE_EXPIRED, 'This sign-in has expired. Start again.');
    const user = await em.findOneOrFail(User, challenge.user.id);
    const client = challenge.data.client as SessionClient;
    const { session, token } = this.deps.sessions.create(em, user, client, from.userAgent, factor);
    await em.flush();
    return { kind: 'signedIn', token, session, user };
  }

  /**
   * Checks a fresh proof: the current password or a current second-factor code. Every proof tried
   * counts against the account's sign-in limit, in the same database counter as sign-in (so a
   * stolen session cannot guess the password faster than a stranger can): past the limit, every
   * proof, the right one too, answers RATE_LIMITED until the window ends. The first refusal of a
   * window is audited and mailed to the owner.
   */
  async checkProof(em: EntityManager, userId: string, proof: { password?: string | null; code?: string | null }): Promise<void> {
    if (!proof.code && !proof.password) throw new DomainError(ErrorCode.PROOF_REQUIRED, 'Confirm with your password or a current code.');
    const code = proof.code ? boundedSecret(proof.code, 'proof.code') : null;
    const password = code === null ? boundedSecret(proof.password!, 'proof.password') : null;
    const user = await em.findOneOrFail(User, userId);
    const key = accountLimitKey(user.email);
    const decision = await this.deps.limiter.hit(em, key, this.deps.config.signInLimitPerAccount, SIGN_IN_WINDOW_MS);
    if (!decision.allowed) {
      if (decision.count === this.deps.config.signInLimitPerAccount + 1) await this.reportProofLimit(em, user, decision.retryAt);
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many wrong passwords or codes. Try again later.', {
        retryAt: decision.retryAt.toISOString(),
      });
    }
    if (code !== null) {
      try {
        await this.deps.twoFactor.verify(em, userId, code);
      } catch (error) {
        if (error instanceof DomainError && error.code === ErrorCode.INVALID_CODE)
          throw new DomainError(ErrorCode.PROOF_REQUIRED, 'The code is not valid.', { field: 'proof.code' });
        throw error;
      }
    } else if (!(await this.deps.hasher.verify(user.passwordHash, password!))) {
      throw new DomainError(ErrorCode.PROOF_REQUIRED, 'The password is not right.', { field: 'proof.password' });
    }
    await this.deps.limiter.reset(em, key);
  }

  /** The first refused proof of a window: audited in each organization of the account, and mailed. */
  private async reportProofLimit(em: EntityManager, user: User, until: Date): Promise<void> {
    await em.transactional(async (tx) => {
      this.deps.mail.queue(tx, {
        to: user.email,
        template: 'proofs-rate-limited',
        data: { name: user.displayName, until: until.toISOString() },
      });
      await tx.flush();
      await this.deps.audit.recordForMemberships(
        tx,
        user.id,
        AuditAction.PROOFS_RATE_LIMITED,
        { userId: user.id },
        {
          until: until.toISOString(),
        },
      );
    });
    this.deps.mail.wake();
  }

  async changePassword(
    em: EntityManager,
    userId: string,
    sessionId: string,
    input: { currentPassword: string; newPassword: string },
  ): Promise<void> {
    await this.checkProof(em, userId, { password: input.currentPassword });
    const password = validNewPassword(input.newPassword);
    const user = await em.findOneOrFail(User, userId);
    user.passwordHash = await this.deps.hasher.hash(password);
    const ended = await em.transactional(async (tx) => {
      await this.endLinks(tx, userId, [OneTimePurpose.PASSWORD_RESET, OneTimePurpose.EMAIL_CHANGE]);
      tx.persist(user);
      this.deps.mail.queue(tx, { to: user.email, template: 'password-changed', data: { name: user.displayName } });
      await tx.flush();
      await this.deps.audit.recordForMemberships(tx, userId, AuditAction.PASSWORD_CHANGED, { userId });
      return this.deps.sessions.revokeAll(tx, userId, { except: sessionId });
    });
    this.deps.mail.wake();
    this.deps.events.publish({ type: 'sessionsRevoked', sessionIds: ended });
  }

  async requestEmailChange(em: EntityManager, userId: string, input: { newEmail: string; password: string }): Promise<void> {
    await this.checkProof(em, userId, { password: input.password });
    // An address of another account answers as a free one would (no probing which addresses
    // exist): the link goes to that address, and its owner learns of the clash when opening it.
    const newEmail = validEmail(input.newEmail, 'newEmail');
    const user = await em.findOneOrFail(User, userId);
    const { token, hash } = newToken('tse');
    await em.transactional(async (tx) => {
      await this.endLinks(tx, userId, [OneTimePurpose.EMAIL_CHANGE]);
      tx.persist(
        this.oneTime(tx, user, OneTimePurpose.EMAIL_CHANGE, hash, new Date(this.deps.clock.now().getTime() + EMAIL_CHANGE_MS), {
          newEmail,
        }),
      );
      this.deps.mail.queue(tx, { to: newEmail, template: 'email-change-confirm', data: { name: user.displayName, token } });
    });
    this.deps.mail.wake();
  }

  async confirmEmailChange(em: EntityManager, token: string): Promise<void> {
    await em.transactional(async (tx) => {
      const change = await this.liveToken(tx, token, OneTimePurpose.EMAIL_CHANGE);
      if (!change || !(await this.useToken(tx, change.id))) throw new DomainError(ErrorCode.TOKEN_INVALID, 'This link is no longer valid.');
      const newEmail = String(change.data.newEmail);
      if (await this.findByEmail(tx, newEmail)) throw new DomainError(ErrorCode.CONFLICT, 'This address belongs to another account.');
      const user = await tx.findOneOrFail(User, change.user.id);
      const oldEmail = user.email;
      user.email = newEmail;
      this.deps.mail.queue(tx, { to: oldEmail, template: 'email-changed', data: { name: user.displayName, newEmail } });
      await tx.flush();
      await this.deps.audit.recordForMemberships(tx, user.id, AuditAction.EMAIL_CHANGED, { userId: user.id });
    });
    this.deps.mail.wake();
  }

  /**
   * Always answers the same, after the same work (the per-address limit): the lookup, the link and
   * its mail come just after the answer, so the time it takes says nothing about whether the
   * address has an account. A crash in that instant loses this one request; the person asks again.
   */
  async requestPasswordReset(em: EntityManager, email: string, from: { ip: string }): Promise<void> {
    const decision = await this.deps.limiter.hit(em, `reset:ip:${from.ip}`, this.deps.config.signInLimitPerAddress, SIGN_IN_WINDOW_MS);
    if (!decision.allowed)
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many requests. Try again later.', { retryAt: decision.retryAt.toISOString() });
    this.afterAnswer('mailing a password reset link', () => this.mailResetLink(em.fork(), email.slice(0, 320)));
  }

  /** Resolves once the work started after earlier answers is done (the graceful stop and tests wait on it). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** A link that ends the account's earlier reset links, mailed when the address has an account. */
  private async mailResetLink(em: EntityManager, email: string): Promise<void> {
    const user = await this.findByEmail(em, email);
    if (!user) return;
    const { token, hash } = newToken('tsr');
    await em.transactional(async (tx) => {
      await this.endLinks(tx, user.id, [OneTimePurpose.PASSWORD_RESET]);
      tx.persist(this.oneTime(tx, user, OneTimePurpose.PASSWORD_RESET, hash, new Date(this.deps.clock.now().getTime() + RESET_MS)));
      this.deps.mail.queue(tx, { to: user.email, template: 'password-reset', data: { name: user.displayName, token } });
    });
    this.deps.mail.wake();
  }

  /**
   * Runs `work` once the current answer is on its way (after the pending I/O callbacks, which
   * write it): not awaited by the request, tracked for `settled`, and a failure is logged.
   */
  private afterAnswer(what: string, work: () => Promise<void>): void {
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((err: unknown) => this.deps.log.error({ err }, `${what} failed`))
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** Sets a new password from a reset link and ends every session; sign-in still asks the second factor. */
  async resetPassword(em: EntityManager, input: { token: string; newPassword: string }): Promise<void> {
    const password = validNewPassword(input.newPassword);
    const passwordHash = await this.deps.hasher.hash(password);
    const ended = await em.transactional(async (tx) => {
      const reset = await this.liveToken(tx, input.token, OneTimePurpose.PASSWORD_RESET);
      if (!reset || !(await this.useToken(tx, reset.id)))
        throw new DomainError(ErrorCode.TOKEN_INVALID, 'This link is no longer valid. Ask for a new one.');
      await this.endLinks(tx, reset.user.id, [OneTimePurpose.PASSWORD_RESET, OneTimePurpose.EMAIL_CHANGE]);
      const user = await tx.findOneOrFail(User, reset.user.id);
      user.passwordHash = passwordHash;
      this.deps.mail.queue(tx, { to: user.email, template: 'password-changed', data: { name: user.displayName } });
      await tx.flush();
      await this.deps.audit.recordForMemberships(tx, user.id, AuditAction.PASSWORD_RESET, { userId: user.id });
      return this.deps.sessions.revokeAll(tx, user.id);
    });
    this.deps.mail.wake();
    this.deps.events.publish({ type: 'sessionsRevoked', sessionIds: ended });
  }

  private oneTime(
    em: EntityManager,
    user: User,
    purpose: OneTimePurpose,
    tokenHash: Buffer,
    expiresAt: Date,
    data: Record<string, unknown> = {},
  ): OneTimeToken {
    return em.create(OneTimeToken, { id: randomUUID(), tokenHash, purpose, user, data, createdAt: this.deps.clock.now(), expiresAt });
  }

  private async liveToken(em: EntityManager, token: string, purpose: OneTimePurpose): Promise<OneTimeToken | null> {
    if (typeof token !== 'string' || token.length > 200) return null;
    return em.findOne(OneTimeToken, { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { $gt: this.deps.clock.now() } });
  }

  /**
   * Ends the account's open links of these kinds (only the latest link works; a password change
   * or reset ends the rest). Called before the transaction changes the account's row, as
   * `confirmEmailChange` and `resetPassword` use their link before it, so that locks are always
   * taken in the same order: links, then the account.
   */
  private async endLinks(tx: EntityManager, userId: string, purposes: OneTimePurpose[]): Promise<void> {
    await tx.nativeUpdate(OneTimeToken, { user: userId, purpose: { $in: purposes }, usedAt: null }, { usedAt: this.deps.clock.now() });
  }

  /** Marks a token used; false when another request used it first. */
  private async useToken(em: EntityManager, id: string): Promise<boolean> {
    const rows = await sql(em, `update one_time_token set used_at = ? where id = ? and used_at is null returning id`, [
      this.deps.clock.now(),
      id,
    ]);
    return rows.length === 1;
  }
}

import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import QRCode from 'qrcode';
import { ErrorCode } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { DomainError } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { Logger } from '../../core/logger.js';
import type { MailQueue } from '../../core/mail/index.js';
import type { SecretBox } from '../../core/security/encryption.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { User } from '../accounts/index.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { hashRecoveryCode, looksLikeTotp, newRecoveryCodes } from './recovery-codes.js';
import { TotpMethod } from './totp-method.entity.js';
import { matchingStep, newTotpSecret, totpUri } from './totp.js';

/** Failed attempts before the account locks; each further failure doubles the lock (30 s … 1 h). */
export const FREE_ATTEMPTS = 5;

export interface Enrollment {
  secret: string;
  uri: string;
  qrCodeDataUrl: string;
}

export type FactorUsed = 'TOTP' | 'RECOVERY_CODE';

interface Deps {
  orm: MikroORM;
  clock: Clock;
  box: SecretBox;
  mail: MailQueue;
  audit: AuditService;
  events: DomainEvents;
  log: Logger;
  /**
   * The account's organizations, asked of the organizations module (which builds on two-factor, so
   * it is handed in): their ids, those that require 2FA, and the end of the account's block
   * episodes once it has a method.
   */
  organizationsOf: {
    ids(em: EntityManager, userId: string): Promise<string[]>;
    requiring(em: EntityManager, userId: string): Promise<{ id: string; name: string }[]>;
    endBlockEpisodes(tx: EntityManager, userId: string): Promise<void>;
  };
}

/**
 * Second factors: TOTP enrollment and verification, recovery codes, removal and reset. Every
 * verification goes through `verify`, which counts attempts in the database before it checks
 * anything, so parallel requests, aliases and sockets all pay for each try.
 */
export class TwoFactorService {
  constructor(private readonly deps: Deps) {}

  /** Starts (or restarts) enrollment: a fresh secret, shown now and never again once confirmed. */
  async startEnrollment(em: EntityManager, user: User): Promise<Enrollment> {
    const secret = newTotpSecret();
    const id = randomUUID();
    await em.transactional(async (tx) => {
      await tx.nativeDelete(TotpMethod, { user: user.id, confirmedAt: null });
      tx.persist(
        tx.create(TotpMethod, { id, user: user.id, secretEncrypted: this.deps.box.seal(secret, id), createdAt: this.deps.clock.now() }),
      );
    });
    const uri = totpUri(secret, user.email);
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { secret, uri, qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /**
   * Confirms the pending enrollment with a code of the new authenticator. Replaces a previous
   * authenticator (the caller has checked a fresh proof for that). Returns the recovery codes,
   * shown once.
   */
  async confirmEnrollment(em: EntityManager, userId: string, code: string): Promise<string[]> {
    const now = this.deps.clock.now();
    const codes = newRecoveryCodes();
    await this.countAttempt(userId);
    const wasEnabled = await em.transactional(async (tx) => {
      const pending = await tx.findOne(TotpMethod, { user: userId, confirmedAt: null }, { orderBy: { createdAt: 'desc' } });
      if (!pending) throw new DomainError(ErrorCode.CONFLICT, 'Start the authenticator setup first.');
      const step = matchingStep(this.deps.box.open(pending.secretEncrypted, pending.id), code.trim(), now);
      // The pending method is confirmed once (conditional update), so its code cannot be replayed
      // here; the old authenticator's code (a fresh proof) may have used this same step already.
      const confirmed =
        step !== undefined &&
        (await sql(tx, `update totp_method set confirmed_at = ? where id = ? and confirmed_at is null returning id`, [now, pending.id]))
          .length === 1;
      if (!confirmed) await this.refuse(userId);
      // Codes of the new authenticator up to this step are used up for sign-in.
      await sql(tx, `update "user" set last_totp_step = greatest(last_totp_step, ?) where id = ?`, [step!, userId]);
      const user = await tx.findOneOrFail(User, userId);
      const enabledBefore = user.twoFactorEnabled;
      await tx.nativeDelete(TotpMethod, { user: userId, id: { $ne: pending.id } });
      pending.confirmedAt = now;
      pending.lastUsedAt = now;
      user.twoFactorEnabled = true;
      // A block episode ends when the member has a method again (the organizations module's rows).
      await this.deps.organizationsOf.endBlockEpisodes(tx, userId);
      await this.replaceRecoveryCodes(tx, userId, codes);
      this.deps.mail.queue(tx, {
        to: user.email,
        template: 'second-factor-added',
        data: { name: user.displayName, method: 'authenticator app' },
      });
      await tx.flush();
      await this.deps.audit.recordForMemberships(tx, userId, AuditAction.TWO_FACTOR_ENABLED, { userId }, { method: 'TOTP' });
      return enabledBefore;
    });
    await this.clearFailures(userId);
    this.deps.mail.wake();
    if (!wasEnabled) this.publishChange(em, userId, 'TWO_FACTOR_ENABLED');
    return codes;
  }

  /**
   * Checks a TOTP or recovery code for a user. Attempts are counted first, in their own committed
   * statement; a replayed code gets the same answer as a wrong one.
   */
  async verify(em: EntityManager, userId: string, code: string): Promise<FactorUsed> {
    await this.countAttempt(userId);
    const used = await em.transactional(async (tx) => {
      const trimmed = code.trim();
      if (looksLikeTotp(trimmed)) {
        const method = await tx.findOne(TotpMethod, { user: userId, confirmedAt: { $ne: null } });
        if (method) {
          const step = matchingStep(this.deps.box.open(method.secretEncrypted, method.id), trimmed, this.deps.clock.now());
          if (step !== undefined && (await this.consumeStep(tx, userId, step))) {
            method.lastUsedAt = this.deps.clock.now();
            return 'TOTP' as const;
          }
        }
        return undefined;
      }
      const rows = await sql<{ id: string }>(
        tx,
        `update recovery_code set used_at = ? where user_id = ? and code_hash = ? and used_at is null returning id`,
        [this.deps.clock.now(), userId, hashRecoveryCode(trimmed)],
      );
      if (rows.length === 0) return undefined;
      const user = await tx.findOneOrFail(User, userId);
      this.deps.mail.queue(tx, { to: user.email, template: 'recovery-code-used', data: { name: user.displayName } });
      await tx.flush();
      await this.deps.audit.recordForMemberships(tx, userId, AuditAction.RECOVERY_CODE_USED, { userId });
      return 'RECOVERY_CODE' as const;
    });
    if (!used) return this.refuse(userId);
    await this.clearFailures(userId);
    this.deps.mail.wake();
    return used;
  }

  async regenerateRecoveryCodes(em: EntityManager, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await em.transactional(async (tx) => {
      const user = await tx.findOneOrFail(User, userId);
      if (!user.twoFactorEnabled) throw new DomainError(ErrorCode.CONFLICT, 'Set up two-step verification first.');
      await this.replaceRecoveryCodes(tx, userId, codes);
      await this.deps.audit.recordForMemberships(tx, userId, AuditAction.RECOVERY_CODES_REGENERATED, { userId });
    });
    return codes;
  }

  /** Removes the authenticator (and recovery codes), refused while an organization requires 2FA. */
  async removeTotp(em: EntityManager, userId: string): Promise<void> {
    await em.transactional(async (tx) => {
      const user = await tx.findOneOrFail(User, userId, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
      const method = await tx.findOne(TotpMethod, { user: userId, confirmedAt: { $ne: null } });
      if (!method) throw new DomainError(ErrorCode.NOT_FOUND, 'There is no authenticator to remove.');
      const requiring = await this.deps.organizationsOf.requiring(tx, userId);
      if (requiring.length > 0) {
        throw new DomainError(ErrorCode.LAST_METHOD_REQUIRED, 'An organization you belong to requires two-step verification.', {
          organizations: requiring.map((r) => ({ id: r.id, name: r.name })),
        });
      }
      await tx.nativeDelete(TotpMethod, { user: userId });
      await tx.nativeDelete(RecoveryCode, { user: userId });
      user.twoFactorEnabled = false;
      this.deps.mail.queue(tx, {
        to: user.email,
        template: 'second-factor-removed',
        data: { name: user.displayName, method: 'authenticator app' },
      });
      await tx.flush();
      await this.deps.audit.recordForMemberships(tx, userId, AuditAction.TWO_FACTOR_DISABLED, { userId });
    });
    this.deps.mail.wake();
    this.publishChange(em, userId, 'TWO_FACTOR_DISABLED');
  }

  /**
   * Removes every second factor of a user (administrator or operator reset). The caller runs it
   * in its transaction, audits and ends the sessions.
   */
  async resetAll(tx: EntityManager, userId: string): Promise<void> {
    await tx.nativeDelete(TotpMethod, { user: userId });
    await tx.nativeDelete(RecoveryCode, { user: userId });
    await sql(tx, `update "user" set two_factor_enabled = false where id = ?`, [userId]);
  }

  async status(em: EntityManager, userId: string): Promise<{ totpConfirmedAt: Date | null; recoveryCodesLeft: number }> {
    const method = await em.findOne(TotpMethod, { user: userId, confirmedAt: { $ne: null } });
    const left = await em.count(RecoveryCode, { user: userId, usedAt: null });
    return { totpConfirmedAt: method?.confirmedAt ?? null, recoveryCodesLeft: left };
  }

  /** Whether the user is locked out now, and until when. */
  async lockedUntil(em: EntityManager, userId: string): Promise<Date | null> {
    const rows = await sql<{ factor_locked_until: Date | null }>(em, `select factor_locked_until from "user" where id = ?`, [userId]);
    const until = rows[0]?.factor_locked_until;
    return until && new Date(until) > this.deps.clock.now() ? new Date(until) : null;
  }

  /**
   * Counts one attempt before anything is checked, outside the caller's transaction so that it
   * stays counted when the attempt fails. From the FREE_ATTEMPTS-th on, the account locks for a
   * doubling period; while locked, attempts are refused without being checked.
   */
  private async countAttempt(userId: string): Promise<void> {
    const now = this.deps.clock.now();
    const em = this.deps.orm.em.fork();
    const rows = await sql<{ factor_failures: number }>(
      em,
      `update "user" set factor_failures = factor_failures + 1,
         factor_locked_until = case when factor_failures + 1 >= ?
           then ?::timestamptz + make_interval(secs => least(3600, 30 * power(2, factor_failures + 1 - ?)))
           else factor_locked_until end
       where id = ? and (factor_locked_until is null or factor_locked_until <= ?)
       returning factor_failures`,
      [FREE_ATTEMPTS, now, FREE_ATTEMPTS, userId, now],
    );
    const row = rows[0];
    if (!row) {
      const until = (await this.lockedUntil(em, userId)) ?? now;
      throw new DomainError(ErrorCode.LOCKED_OUT, 'Too many attempts. Try again later.', { retryAt: until.toISOString() });
    }
    if (row.factor_failures === FREE_ATTEMPTS) {
      await this.deps.audit.recordForMemberships(
        em,
        userId,
        AuditAction.SECOND_FACTOR_LOCKED,
        { userId },
        { failures: row.factor_failures },
      );
    }
  }

  /**
   * The answer to a wrong (or replayed) code: INVALID_CODE, or LOCKED_OUT with the time to retry
   * when this failure locked the account, so that the person learns the wait at once.
   */
  private async refuse(userId: string): Promise<never> {
    const until = await this.lockedUntil(this.deps.orm.em.fork(), userId);
    if (until) throw new DomainError(ErrorCode.LOCKED_OUT, 'Too many attempts. Try again later.', { retryAt: until.toISOString() });
    throw new DomainError(ErrorCode.INVALID_CODE, 'That code is not valid.');
  }

  private async clearFailures(userId: string): Promise<void> {
    await sql(this.deps.orm.em.fork(), `update "user" set factor_failures = 0, factor_locked_until = null where id = ?`, [userId]);
  }

  /** Accepts a step once: the conditional update lets exactly one of two concurrent uses win. */
  private async consumeStep(tx: EntityManager, userId: string, step: number): Promise<boolean> {
    const rows = await sql(tx, `update "user" set last_totp_step = ? where id = ? and last_totp_step < ? returning id`, [
      step,
      userId,
      step,
    ]);
    return rows.length === 1;
  }

  private async replaceRecoveryCodes(tx: EntityManager, userId: string, codes: string[]): Promise<void> {
    await tx.nativeDelete(RecoveryCode, { user: userId });
    const now = this.deps.clock.now();
    for (const code of codes) {
      tx.persist(tx.create(RecoveryCode, { id: randomUUID(), user: userId, codeHash: hashRecoveryCode(code), createdAt: now }));
    }
    await tx.flush();
  }

  /**
   * Tells live subscribers, off the caller's path: the change is committed, so a failure here (the
   * database lost for a moment) is logged and the clients see the change when they next query.
   */
  publishChange(em: EntityManager, userId: string, change: 'TWO_FACTOR_ENABLED' | 'TWO_FACTOR_DISABLED'): void {
    this.deps.organizationsOf
      .ids(em.fork(), userId)
      .then((organizationIds) => {
        this.deps.events.publish({ type: 'memberSecurityChanged', organizationIds, userId, change });
        this.deps.events.publish({ type: 'accessChanged', userIds: [userId] });
      })
      .catch((err: unknown) => this.deps.log.error({ err, userId, change }, 'publishing a second-factor change failed'));
  }
}

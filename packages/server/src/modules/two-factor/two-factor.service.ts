import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import QRCode from 'qrcode';
import { AllowedMethods, ErrorCode, TwoFactorMethodKind } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { DomainError } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { Logger } from '../../core/logger.js';
import type { MailQueue } from '../../core/mail/index.js';
import type { SecretBox } from '../../core/security/encryption.js';
import { hasAcceptedMethod } from '../access/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { User } from '../accounts/index.js';
import type { FactorAttempts } from './attempts.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { hashRecoveryCode, looksLikeTotp, newRecoveryCodes } from './recovery-codes.js';
import { TotpMethod } from './totp-method.entity.js';
import { matchingStep, newTotpSecret, totpUri } from './totp.js';

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
  attempts: FactorAttempts;
  /**
   * The account's organizations, asked of the organizations module (which builds on two-factor, so
   * it is handed in): their ids, those that require 2FA, and the end of the account's block
   * episodes once it has a method.
   */
  organizationsOf: {
    ids(em: EntityManager, userId: string): Promise<string[]>;
    requiring(em: EntityManager, userId: string): Promise<{ id: string; name: string; allowedMethods: AllowedMethods }[]>;
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
    await this.deps.attempts.count(userId);
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
      if (!confirmed) await this.deps.attempts.refuse(userId);
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
      await sql(tx, `update session set second_factor = 'TOTP' where user_id = ? and second_factor is null`, [userId]);
      this.deps.mail.queue(tx, {
        to: user.email,
        template: 'second-factor-added',
        data: { name: user.displayName, method: 'authenticator app' },
      });
      await tx.flush();
      await this.deps.audit.recordForMemberships(tx, userId, AuditAction.TWO_FACTOR_ENABLED, { userId }, { method: 'TOTP' });
      return enabledBefore;
    });
    await this.deps.attempts.clear(userId);
    this.deps.mail.wake();
    if (!wasEnabled) this.publishChange(em, userId, 'TWO_FACTOR_ENABLED');
    return codes;
  }

  /**
   * Checks a TOTP or recovery code for a user. Attempts are counted first, in their own committed
   * statement; a replayed code gets the same answer as a wrong one.
   */
  async verify(em: EntityManager, userId: string, code: string): Promise<FactorUsed> {
    await this.deps.attempts.count(userId);
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
    if (!used) return this.deps.attempts.refuse(userId);
    await this.deps.attempts.clear(userId);
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

  /**
   * Removes one method: the authenticator, or one security key or passkey. Refused when an
   * organization of the account that requires 2FA accepts it now and would not once it is gone
   * (the last method, or the last key where only keys count). Removing the last method removes the
   * recovery codes too and turns 2FA off.
   */
  async removeMethod(em: EntityManager, userId: string, which: { kind: 'TOTP' } | { kind: 'KEY'; id: string }): Promise<void> {
    const outcome = await em.transactional(async (tx) => {
      const user = await tx.findOneOrFail(User, userId, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
      const methods = await this.methodsOf(tx, userId);
      const key = which.kind === 'KEY' ? methods.keys.find((k) => k.id === which.id) : undefined;
      if (which.kind === 'TOTP' ? !methods.totp : !key)
        throw new DomainError(
          ErrorCode.NOT_FOUND,
          which.kind === 'TOTP' ? 'There is no authenticator to remove.' : 'Security key not found',
        );
      const before = { twoFactorEnabled: methods.totp || methods.keys.length > 0, phishingResistant: methods.keys.length > 0 };
      const keysAfter = methods.keys.length - (key ? 1 : 0);
      const after = { twoFactorEnabled: (which.kind === 'KEY' && methods.totp) || keysAfter > 0, phishingResistant: keysAfter > 0 };
      const losing = (await this.deps.organizationsOf.requiring(tx, userId)).filter(
        (o) => hasAcceptedMethod(before, o) && !hasAcceptedMethod(after, o),
      );
      if (losing.length > 0) {
        throw new DomainError(
          ErrorCode.LAST_METHOD_REQUIRED,
          losing.some((o) => o.allowedMethods === AllowedMethods.PHISHING_RESISTANT) && after.twoFactorEnabled
            ? 'An organization you belong to requires a security key or passkey: keep at least one.'
            : 'An organization you belong to requires two-step verification.',
          { organizations: losing.map((r) => ({ id: r.id, name: r.name })) },
        );
      }
      if (which.kind === 'TOTP') await tx.nativeDelete(TotpMethod, { user: userId });
      else await sql(tx, `delete from webauthn_credential where id = ? and user_id = ?`, [which.id, userId]);
      if (!after.twoFactorEnabled) await tx.nativeDelete(RecoveryCode, { user: userId });
      await sql(tx, `update "user" set two_factor_enabled = ?, phishing_resistant = ? where id = ?`, [
        after.twoFactorEnabled,
        after.phishingResistant,
        userId,
      ]);
      const method = which.kind === 'TOTP' ? 'authenticator app' : key!.kind === TwoFactorMethodKind.PASSKEY ? 'passkey' : 'security key';
      this.deps.mail.queue(tx, {
        to: user.email,
        template: 'second-factor-removed',
        data: { name: user.displayName, method, stillOn: after.twoFactorEnabled },
      });
      await tx.flush();
      if (key)
        await this.deps.audit.recordForMemberships(
          tx,
          userId,
          AuditAction.SECURITY_KEY_REMOVED,
          { userId },
          { kind: key.kind, name: key.name },
        );
      if (!after.twoFactorEnabled) await this.deps.audit.recordForMemberships(tx, userId, AuditAction.TWO_FACTOR_DISABLED, { userId });
      return { disabled: !after.twoFactorEnabled, resistanceLost: before.phishingResistant && !after.phishingResistant };
    });
    this.deps.mail.wake();
    if (outcome.disabled) this.publishChange(em, userId, 'TWO_FACTOR_DISABLED');
    else if (outcome.resistanceLost) this.publishChange(em, userId, 'METHODS_CHANGED');
  }

  /** The account's confirmed methods: whether it has an authenticator, and its keys. */
  private async methodsOf(
    em: EntityManager,
    userId: string,
  ): Promise<{ totp: boolean; keys: { id: string; kind: string; name: string }[] }> {
    const totp = await sql(em, `select 1 from totp_method where user_id = ? and confirmed_at is not null`, [userId]);
    const keys = await sql<{ id: string; kind: string; name: string }>(
      em,
      `select id, kind, name from webauthn_credential where user_id = ?`,
      [userId],
    );
    return { totp: totp.length > 0, keys };
  }

  /**
   * The kinds a sign-in may be finished with, keys first: passkeys, security keys, the
   * authenticator, and recovery codes while some are left.
   */
  async signInMethods(em: EntityManager, userId: string): Promise<TwoFactorMethodKind[]> {
    const [row] = await sql<{ kinds: string[]; totp: boolean; codes: boolean }>(
      em,
      `select array(select distinct kind from webauthn_credential where user_id = ?) as kinds,
         exists(select 1 from totp_method where user_id = ? and confirmed_at is not null) as totp,
         exists(select 1 from recovery_code where user_id = ? and used_at is null) as codes`,
      [userId, userId, userId],
    );
    const kinds = new Set(row?.kinds ?? []);
    return [
      ...(kinds.has('PASSKEY') ? [TwoFactorMethodKind.PASSKEY] : []),
      ...(kinds.has('SECURITY_KEY') ? [TwoFactorMethodKind.SECURITY_KEY] : []),
      ...(row?.totp ? [TwoFactorMethodKind.TOTP] : []),
      ...(row?.codes ? [TwoFactorMethodKind.RECOVERY_CODE] : []),
    ];
  }

  /** Ends the account's block episodes once it has a method (the organizations module's rows). */
  async endBlockEpisodes(tx: EntityManager, userId: string): Promise<void> {
    await this.deps.organizationsOf.endBlockEpisodes(tx, userId);
  }

  /**
   * Removes every second factor of a user (administrator or operator reset). The caller runs it
   * in its transaction, audits and ends the sessions.
   */
  async resetAll(tx: EntityManager, userId: string): Promise<void> {
    await tx.nativeDelete(TotpMethod, { user: userId });
    await tx.nativeDelete(RecoveryCode, { user: userId });
    await sql(tx, `delete from webauthn_credential where user_id = ?`, [userId]);
    await sql(tx, `update "user" set two_factor_enabled = false, phishing_resistant = false where id = ?`, [userId]);
  }

  async status(em: EntityManager, userId: string): Promise<{ totpConfirmedAt: Date | null; recoveryCodesLeft: number }> {
    const method = await em.findOne(TotpMethod, { user: userId, confirmedAt: { $ne: null } });
    const left = await em.count(RecoveryCode, { user: userId, usedAt: null });
    return { totpConfirmedAt: method?.confirmedAt ?? null, recoveryCodesLeft: left };
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

  async replaceRecoveryCodes(tx: EntityManager, userId: string, codes: string[]): Promise<void> {
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
  publishChange(em: EntityManager, userId: string, change: 'TWO_FACTOR_ENABLED' | 'TWO_FACTOR_DISABLED' | 'METHODS_CHANGED'): void {
    this.deps.organizationsOf
      .ids(em.fork(), userId)
      .then((organizationIds) => {
        this.deps.events.publish({ type: 'memberSecurityChanged', organizationIds, userId, change });
        this.deps.events.publish({ type: 'accessChanged', userIds: [userId] });
      })
      .catch((err: unknown) => this.deps.log.error({ err, userId, change }, 'publishing a second-factor change failed'));
  }
}

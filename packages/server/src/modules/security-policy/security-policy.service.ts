import type { EntityManager } from '@mikro-orm/postgresql';
import { AllowedMethods, ErrorCode, Limits } from '@twostep/shared';
import { aYearAfter, type Clock } from '../../core/clock.js';
import { badInput, DomainError } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import { mailDate, type MailQueue } from '../../core/mail/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { requireOwnTwoFactor, type OrganizationActor } from '../access/index.js';
import { dropReminders, planReminders } from './reminders.js';
import {
  cancelScheduledRequirement,
  mailLegalRepresentatives,
  reminderOffsetsOf,
  setReminderOffsets,
  setTimeZone,
  timeZoneOf,
  scheduleRequirement,
  setNewMemberWindow,
  setTwoFactorRequirement,
  setAllowedMethods,
} from '../organizations/index.js';

const HOUR_MS = 3_600_000;

/** An IANA time zone name this runtime knows (`Intl` refuses the others). */
function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * The requirement and its plan: switched now, scheduled for a date (moved, cancelled), and the
 * new members' window. Each is one conditional write of the organization row, whatever its size:
 * nobody's membership is written; the gate derives who is blocked at each request, and the
 * rollout sweeper records a date when it comes.
 */
export class SecurityPolicyService {
  constructor(private readonly deps: { clock: Clock; audit: AuditService; events: DomainEvents; mail: Pick<MailQueue, 'queue'> }) {}

  /** Returns whether anything changed (the same value twice changes nothing and audits nothing). Switching drops a scheduled date. */
  async setRequirement(em: EntityManager, actor: OrganizationActor, required: boolean, confirm: boolean): Promise<boolean> {
    this.confirmed(confirm, 'Confirm the change of the requirement.');
    requireOwnTwoFactor(actor, 'changing the requirement');
    const now = this.deps.clock.now();
    const outcome = await em.transactional(async (tx) => {
      const set = { organizationId: actor.organizationId, required, at: now, byUserId: actor.userId, byTokenId: actor.tokenId };
      const result = await setTwoFactorRequirement(tx, set);
      if (result.changed || result.cancelledDate) await dropReminders(tx, actor.organizationId);
      if (result.changed) {
        this.record(tx, actor, required ? AuditAction.REQUIREMENT_ENABLED : AuditAction.REQUIREMENT_DISABLED, {});
        if (!required)
          await this.weakened(tx, actor, 'the requirement was lifted', () => 'The two-step verification requirement was lifted');
        else if (actor.tokenId)
          await this.weakened(tx, actor, 'an API token changed the plan', () => 'An API token required two-step verification now');
      } else if (!required && result.cancelledDate) {
        this.record(tx, actor, AuditAction.REQUIREMENT_SCHEDULE_CANCELLED, { requiredFrom: result.cancelledDate.toISOString() });
        await this.weakened(
          tx,
          actor,
          'the scheduled requirement was cancelled',
          (zone) => `The requirement scheduled for ${mailDate(result.cancelledDate!, zone)} was cancelled`,
        );
      }
      if (actor.tokenId && (result.changed || result.cancelledDate))
        this.record(tx, actor, AuditAction.TOKEN_USED_POLICY_WRITE, { required });
      await tx.flush();
      return result;
    });
    if (outcome.changed || outcome.cancelledDate) this.publish(actor, required, null);
    return outcome.changed;
  }

  /** Schedules the requirement for a date one hour to one year ahead, or moves the scheduled date. */
  async schedule(em: EntityManager, actor: OrganizationActor, requiredFrom: Date, confirm: boolean): Promise<void> {
    this.confirmed(confirm, 'Confirm the date of the requirement.');
    requireOwnTwoFactor(actor, 'scheduling the requirement');
    const now = this.deps.clock.now();
    if (!(requiredFrom instanceof Date) || Number.isNaN(requiredFrom.getTime())) throw badInput('requiredFrom', 'This is not a date.');
    if (requiredFrom.getTime() < now.getTime() + Limits.minScheduleAheadHours * HOUR_MS)
      throw badInput('requiredFrom', `Choose a date at least ${Limits.minScheduleAheadHours} hour ahead.`);
    if (requiredFrom > aYearAfter(now)) throw badInput('requiredFrom', 'Choose a date at most a year ahead.');
    await em.transactional(async (tx) => {
      const plan = { organizationId: actor.organizationId, requiredFrom, at: now, byUserId: actor.userId, byTokenId: actor.tokenId };
      const { inForce, previous } = await scheduleRequirement(tx, plan);
      if (inForce) throw new DomainError(ErrorCode.CONFLICT, 'The requirement is already in force.');
      const offsets = await reminderOffsetsOf(tx, actor.organizationId);
      await planReminders(tx, {
        organizationId: actor.organizationId,
        requiredFrom,
        offsets,
        now,
        byUserId: actor.userId,
        byTokenId: actor.tokenId,
      });
      this.record(tx, actor, AuditAction.REQUIREMENT_SCHEDULED, {
        requiredFrom: requiredFrom.toISOString(),
        ...(previous ? { previous: previous.toISOString() } : {}),
      });
      if (previous && requiredFrom > previous) {
        const change = (zone: string): string =>
          `The two-step verification requirement was moved later, from ${mailDate(previous, zone)} to ${mailDate(requiredFrom, zone)}`;
        await this.weakened(tx, actor, 'the requirement was moved later', change);
      } else if (actor.tokenId) {
        await this.weakened(
          tx,
          actor,
          'an API token changed the plan',
          (zone) => `An API token scheduled two-step verification for ${mailDate(requiredFrom, zone)}`,
        );
      }
      if (actor.tokenId) this.record(tx, actor, AuditAction.TOKEN_USED_POLICY_WRITE, { requiredFrom: requiredFrom.toISOString() });
      await tx.flush();
    });
    this.publish(actor, false, requiredFrom);
  }

  /** Cancels the scheduled date before it comes (CONFLICT when nothing is scheduled). */
  async cancelSchedule(em: EntityManager, actor: OrganizationActor, confirm: boolean): Promise<void> {
    this.confirmed(confirm, 'Confirm the cancellation of the scheduled requirement.');
    requireOwnTwoFactor(actor, 'cancelling the scheduled requirement');
    await em.transactional(async (tx) => {
      const cancelled = await cancelScheduledRequirement(tx, actor.organizationId);
      if (!cancelled) throw new DomainError(ErrorCode.CONFLICT, 'Nothing is scheduled.');
      await dropReminders(tx, actor.organizationId);
      this.record(tx, actor, AuditAction.REQUIREMENT_SCHEDULE_CANCELLED, { requiredFrom: cancelled.toISOString() });
      await this.weakened(
        tx,
        actor,
        'the scheduled requirement was cancelled',
        (zone) => `The requirement scheduled for ${mailDate(cancelled, zone)} was cancelled`,
      );
      if (actor.tokenId) this.record(tx, actor, AuditAction.TOKEN_USED_POLICY_WRITE, { cancelled: true });
      await tx.flush();
    });
    this.publish(actor, false, null);
  }

  /** Days (0–90) that members who join while a plan runs may take to set up 2FA. */
  async setNewMemberWindow(em: EntityManager, actor: OrganizationActor, days: number): Promise<void> {
    if (!Number.isInteger(days) || days < 0 || days > Limits.maxNewMemberWindowDays)
      throw badInput('days', `Choose between 0 and ${Limits.maxNewMemberWindowDays} days.`);
    requireOwnTwoFactor(actor, 'changing the new members’ window');
    const plan = await em.transactional(async (tx) => {
      const result = await setNewMemberWindow(tx, actor.organizationId, days);
      if (!result || result.previous === days) return undefined;
      this.record(tx, actor, AuditAction.NEW_MEMBER_WINDOW_CHANGED, { days, previous: result.previous });
      await tx.flush();
      return result;
    });
    if (plan) this.publish(actor, plan.twoFactorRequired, plan.requiredFrom);
  }

  /** Every legal representative hears of a change that weakens protection (or of a token's change to the plan). */
  private async weakened(
    tx: EntityManager,
    actor: OrganizationActor,
    headline: string,
    change: (timeZone: string) => string,
  ): Promise<void> {
    const zone = await timeZoneOf(tx, actor.organizationId);
    await mailLegalRepresentatives(tx, this.deps.mail, {
      organizationId: actor.organizationId,
      organizationName: actor.organizationName,
      headline,
      change: change(zone),
      by: actor.personName ?? 'an API token with policy:write',
    });
  }

  /**
   * Which methods count: any, or only security keys and passkeys. Same people and confirmation as
   * the requirement; a person needs a key of their own to require keys; going back to any method
   * (or a token's change) is mailed to the legal representatives.
   */
  async setAllowedMethods(em: EntityManager, actor: OrganizationActor, allowedMethods: AllowedMethods, confirm: boolean): Promise<boolean> {
    if (!Object.values(AllowedMethods).includes(allowedMethods)) throw badInput('allowedMethods', 'Choose ANY or PHISHING_RESISTANT.');
    this.confirmed(confirm, 'Confirm the change of the accepted methods.');
    requireOwnTwoFactor(actor, 'changing the accepted methods');
    if (allowedMethods === AllowedMethods.PHISHING_RESISTANT && actor.userId && !actor.actorPhishingResistant)
      throw new DomainError(
        ErrorCode.ACTOR_TWO_FACTOR_REQUIRED,
        'Add a security key or passkey to your own account before requiring them.',
        { method: 'PHISHING_RESISTANT' },
      );
    const plan = await em.transactional(async (tx) => {
      const result = await setAllowedMethods(tx, actor.organizationId, allowedMethods);
      if (!result || result.previous === allowedMethods) return undefined;
      this.record(tx, actor, AuditAction.METHOD_POLICY_CHANGED, { allowedMethods, previous: result.previous });
      if (allowedMethods === AllowedMethods.ANY)
        await this.weakened(
          tx,
          actor,
          'authenticator apps count again',
          () => 'Any second factor counts again, not only security keys and passkeys',
        );
      else if (actor.tokenId)
        await this.weakened(
          tx,
          actor,
          'an API token changed the accepted methods',
          () => 'An API token required security keys or passkeys',
        );
      if (actor.tokenId) this.record(tx, actor, AuditAction.TOKEN_USED_POLICY_WRITE, { allowedMethods });
      await tx.flush();
      return result;
    });
    if (plan) this.publish(actor, plan.twoFactorRequired, plan.requiredFrom, allowedMethods);
    return plan !== undefined;
  }

  /** The reminders' offsets: 0 to 5 distinct whole days between 1 and 60 before the date (the switch itself always gets one). */
  async setReminderOffsets(em: EntityManager, actor: OrganizationActor, offsets: number[]): Promise<void> {
    if (!Array.isArray(offsets) || offsets.length > Limits.maxReminderOffsets || new Set(offsets).size !== offsets.length)
      throw badInput('offsets', `Choose up to ${Limits.maxReminderOffsets} different offsets.`);
    if (offsets.some((d) => !Number.isInteger(d) || d < 1 || d > Limits.maxReminderOffsetDays))
      throw badInput('offsets', `Each offset is a whole number of days from 1 to ${Limits.maxReminderOffsetDays}.`);
    requireOwnTwoFactor(actor, 'changing the reminders');
    const sorted = [...offsets].sort((a, b) => b - a);
    const now = this.deps.clock.now();
    const plan = await em.transactional(async (tx) => {
      const result = await setReminderOffsets(tx, actor.organizationId, sorted);
      if (!result) return undefined;
      if (result.requiredFrom && !result.twoFactorRequired) {
        const replan = { organizationId: actor.organizationId, requiredFrom: result.requiredFrom, offsets: sorted, now };
        await planReminders(tx, { ...replan, byUserId: actor.userId, byTokenId: actor.tokenId });
      }
      this.record(tx, actor, AuditAction.REMINDER_OFFSETS_CHANGED, { offsets: sorted });
      await tx.flush();
      return result;
    });
    if (plan) this.publish(actor, plan.twoFactorRequired, plan.requiredFrom);
  }

  /** The organization's time zone (an IANA name such as `Europe/Paris`) for the dates in its mails. */
  async setTimeZone(em: EntityManager, actor: OrganizationActor, timeZone: string): Promise<void> {
    if (!isTimeZone(timeZone)) throw badInput('timeZone', 'This is not a time zone name (for example Europe/Paris).');
    // Stored as the runtime spells it (`utc` → `UTC`, `europe/paris` → `Europe/Paris`).
    const zone = new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
    await em.transactional(async (tx) => {
      const previous = await setTimeZone(tx, actor.organizationId, zone);
      if (previous === undefined || previous === zone) return;
      this.record(tx, actor, AuditAction.TIME_ZONE_CHANGED, { timeZone: zone, previous });
      await tx.flush();
    });
  }

  private confirmed(confirm: boolean, message: string): void {
    if (confirm !== true) throw new DomainError(ErrorCode.CONFIRMATION_REQUIRED, message);
  }

  private record(tx: EntityManager, actor: OrganizationActor, action: AuditAction, data: Record<string, unknown>): void {
    this.deps.audit.record(tx, { organizationId: actor.organizationId, action, actor: actor.audit, data });
  }

  private publish(actor: OrganizationActor, twoFactorRequired: boolean, requiredFrom: Date | null, allowedMethods?: AllowedMethods): void {
    this.deps.events.publish({
      type: 'policyChanged',
      organizationId: actor.organizationId,
      twoFactorRequired,
      changedBy: actor.userId ?? actor.tokenId,
      requiredFrom: requiredFrom?.toISOString() ?? null,
      ...(allowedMethods ? { allowedMethods } : {}),
    });
  }
}

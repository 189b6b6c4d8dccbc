import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, Limits } from '@twostep/shared';
import { aYearAfter, type Clock } from '../../core/clock.js';
import { badInput, DomainError } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { requireOwnTwoFactor, type OrganizationActor } from '../access/index.js';
import { cancelScheduledRequirement, scheduleRequirement, setNewMemberWindow, setTwoFactorRequirement } from '../organizations/index.js';

const HOUR_MS = 3_600_000;

/**
 * The requirement and its plan: switched now, scheduled for a date (moved, cancelled), and the
 * new members' window. Each is one conditional write of the organization row, whatever its size:
 * nobody's membership is written; the gate derives who is blocked at each request, and the
 * rollout sweeper records a date when it comes.
 */
export class SecurityPolicyService {
  constructor(private readonly deps: { clock: Clock; audit: AuditService; events: DomainEvents }) {}

  /** Returns whether anything changed (the same value twice changes nothing and audits nothing). Switching drops a scheduled date. */
  async setRequirement(em: EntityManager, actor: OrganizationActor, required: boolean, confirm: boolean): Promise<boolean> {
    this.confirmed(confirm, 'Confirm the change of the requirement.');
    requireOwnTwoFactor(actor, 'changing the requirement');
    const now = this.deps.clock.now();
    const outcome = await em.transactional(async (tx) => {
      const set = { organizationId: actor.organizationId, required, at: now, byUserId: actor.userId, byTokenId: actor.tokenId };
      const result = await setTwoFactorRequirement(tx, set);
      if (result.changed) {
        this.record(tx, actor, required ? AuditAction.REQUIREMENT_ENABLED : AuditAction.REQUIREMENT_DISABLED, {});
      } else if (!required && result.cancelledDate) {
        this.record(tx, actor, AuditAction.REQUIREMENT_SCHEDULE_CANCELLED, { requiredFrom: result.cancelledDate.toISOString() });
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
      this.record(tx, actor, AuditAction.REQUIREMENT_SCHEDULED, {
        requiredFrom: requiredFrom.toISOString(),
        ...(previous ? { previous: previous.toISOString() } : {}),
      });
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
      this.record(tx, actor, AuditAction.REQUIREMENT_SCHEDULE_CANCELLED, { requiredFrom: cancelled.toISOString() });
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

  private confirmed(confirm: boolean, message: string): void {
    if (confirm !== true) throw new DomainError(ErrorCode.CONFIRMATION_REQUIRED, message);
  }

  private record(tx: EntityManager, actor: OrganizationActor, action: AuditAction, data: Record<string, unknown>): void {
    this.deps.audit.record(tx, { organizationId: actor.organizationId, action, actor: actor.audit, data });
  }

  private publish(actor: OrganizationActor, twoFactorRequired: boolean, requiredFrom: Date | null): void {
    this.deps.events.publish({
      type: 'policyChanged',
      organizationId: actor.organizationId,
      twoFactorRequired,
      changedBy: actor.userId ?? actor.tokenId,
      requiredFrom: requiredFrom?.toISOString() ?? null,
    });
  }
}

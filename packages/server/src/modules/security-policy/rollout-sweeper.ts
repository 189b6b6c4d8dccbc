import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import { PollingWorker } from '../../core/jobs/polling-loop.js';
import type { Logger } from '../../core/logger.js';
import { startReminderCampaign } from '../alerts/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { sql } from '../../core/database/sql.js';
import { recordEndedWindows, rolloutDueSql, switchDuePlans, type ExemptionsService } from '../organizations/index.js';
import { claimDueReminders, reminderDueSql, setReminderCampaign } from './reminders.js';

/** Rows taken per kind and round; a round with a full batch runs again at once. */
const BATCH = 500;

/**
 * The one sweeper of rollout plans: in each round, in one transaction, it turns on the requirements
 * whose date has come (as the act of whoever scheduled them), records the exemptions that ran out
 * and the new members' windows that ended, audits each, and after the commit publishes the live
 * events (open sockets re-check their access at once). Every row is claimed by the statement that
 * changes it (`for update skip locked` through a partial index of what is still ahead), so two
 * instances never do the same change and a crash before the commit leaves it for the next round.
 * Compliance never waits for it: the gate compares the dates with the clock at each request.
 */
export class RolloutSweeper extends PollingWorker {
  constructor(
    private readonly deps: {
      orm: MikroORM;
      clock: Clock;
      log: Logger;
      audit: AuditService;
      events: DomainEvents;
      exemptions: ExemptionsService;
      /** Tells the campaign runner a reminder's campaign is waiting (after the commit). */
      wakeCampaigns: () => void;
    },
    pollMs: number,
  ) {
    super('rollout', pollMs, deps.log);
  }

  async runOnce(): Promise<number> {
    const now = this.deps.clock.now();
    // The idle round (nearly every round) is one read of the partial indexes, outside a transaction.
    const due = rolloutDueSql();
    const [probe] = await sql<{ due: boolean }>(this.deps.orm.em.fork(), `select (${due.sql} or ${reminderDueSql}) as due`, [
      ...due.params(now),
      now,
    ]);
    if (!probe?.due) return 0;
    const done = await this.deps.orm.em.fork().transactional(async (tx) => {
      const plans = await switchDuePlans(tx, now, BATCH);
      for (const plan of plans) {
        this.deps.audit.record(tx, {
          organizationId: plan.id,
          action: AuditAction.REQUIREMENT_ENABLED,
          actor: { userId: plan.scheduled_by, tokenId: plan.scheduled_by_token_id },
          data: { scheduled: true, dueAt: new Date(plan.required_from).toISOString(), by: 'rollout sweeper' },
        });
      }
      // Reminders after the switch: the one at the switch goes out in the same round.
      const reminders = await claimDueReminders(tx, now, BATCH);
      for (const reminder of reminders) {
        const deadline = new Date(new Date(reminder.due_at).getTime() + reminder.offset_days * 86_400_000);
        const campaignId = await startReminderCampaign(tx, this.deps.audit, {
          organizationId: reminder.organization_id,
          offsetDays: reminder.offset_days,
          deadline,
          byUserId: reminder.requested_by_user_id,
          byTokenId: reminder.requested_by_token_id,
          at: now,
        });
        await setReminderCampaign(tx, reminder.organization_id, reminder.offset_days, campaignId);
      }
      const warned = await this.deps.exemptions.warnEnding(tx, now, BATCH);
      const exemptions = await this.deps.exemptions.expireDue(tx, now, BATCH);
      const windows = await recordEndedWindows(tx, now, BATCH);
      for (const window of windows) {
        this.deps.audit.record(tx, {
          organizationId: window.organization_id,
          action: AuditAction.MEMBER_WINDOW_ENDED,
          actor: {},
          targetUserId: window.user_id,
          data: { deadline: new Date(window.deadline_at).toISOString() },
        });
      }
      await tx.flush();
      return { plans, exemptions, windows, reminders: reminders.length, warned };
    });
    for (const plan of done.plans) {
      this.deps.events.publish({
        type: 'policyChanged',
        organizationId: plan.id,
        twoFactorRequired: true,
        changedBy: plan.scheduled_by ?? plan.scheduled_by_token_id,
        requiredFrom: null,
      });
    }
    for (const { organizationId, userId } of done.exemptions) this.memberChanged(organizationId, userId, 'EXEMPTION_ENDED');
    for (const window of done.windows) this.memberChanged(window.organization_id, window.user_id, 'WINDOW_ENDED');
    if (done.reminders > 0) this.deps.wakeCampaigns();
    const total = done.plans.length + done.exemptions.length + done.windows.length + done.reminders + done.warned;
    if (total > 0) {
      const { plans, exemptions, windows, reminders, warned } = done;
      this.deps.log.info(
        { plans: plans.length, exemptions: exemptions.length, windows: windows.length, reminders, warned },
        'rollout changes recorded',
      );
    }
    return total;
  }

  private memberChanged(organizationId: string, userId: string, change: 'EXEMPTION_ENDED' | 'WINDOW_ENDED'): void {
    this.deps.events.publish({ type: 'memberSecurityChanged', organizationIds: [organizationId], userId, change });
    this.deps.events.publish({ type: 'accessChanged', userIds: [userId] });
  }
}

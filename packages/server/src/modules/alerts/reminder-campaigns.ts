import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../core/database/sql.js';
import { AuditAction, type AuditService } from '../audit/index.js';

/**
 * A reminder of a scheduled requirement is an alert campaign (the same mail, history, delivery
 * state and resumable batches) that names the plan's date and its offset; the campaign runner then
 * skips exempt members and those alerted by hand in the last 24 hours. Runs in the caller's
 * transaction (the rollout sweeper's claim of the reminder); returns the campaign's id.
 */
export async function startReminderCampaign(
  tx: EntityManager,
  audit: AuditService,
  reminder: { organizationId: string; offsetDays: number; deadline: Date; byUserId: string | null; byTokenId: string | null; at: Date },
): Promise<string> {
  const id = randomUUID();
  await sql(
    tx,
    `insert into alert_campaign (id, organization_id, requested_by_user_id, requested_by_token_id, state, created_at, reminder_offset, deadline)
     values (?, ?, ?, ?, 'RUNNING', ?, ?, ?)`,
    [id, reminder.organizationId, reminder.byUserId, reminder.byTokenId, reminder.at, reminder.offsetDays, reminder.deadline],
  );
  audit.record(tx, {
    organizationId: reminder.organizationId,
    action: AuditAction.REMINDER_STARTED,
    actor: {},
    data: { campaignId: id, offsetDays: reminder.offsetDays, deadline: reminder.deadline.toISOString() },
  });
  return id;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { sql } from '../../core/database/sql.js';
import { Integration } from '../../core/graphql/surface.js';

const DAY_MS = 86_400_000;

export const ReminderState = { PENDING: 'PENDING', SENT: 'SENT', SKIPPED: 'SKIPPED' } as const;
export type ReminderState = (typeof ReminderState)[keyof typeof ReminderState];
registerEnumType(ReminderState, {
  name: 'ReminderState',
  description:
    'A reminder of the scheduled requirement: still ahead, sent (as an alert campaign), or skipped (already past when the date was set).',
});

@ObjectType({ description: 'One reminder of the scheduled requirement, to members without 2FA who are not exempt.' })
@Integration()
export class Reminder {
  @Field(() => Int, { description: 'Days before the date; 0 is the reminder at the switch itself.' })
  offsetDays!: number;

  @Field(() => Date)
  dueAt!: Date;

  @Field(() => ReminderState)
  state!: ReminderState;

  @Field(() => String, { nullable: true, description: 'The alert campaign that sent it (see `alertCampaign`).' })
  campaignId!: string | null;
}

/**
 * The reminders of a plan (this module owns the `reminder` table): one row per offset and the
 * switch (offset 0). Planning again (a new date, a move, new offsets) keeps what was sent and
 * recomputes the rest: offsets already past are skipped, the others wait. Returns the rows.
 */
export async function planReminders(
  tx: EntityManager,
  plan: {
    organizationId: string;
    requiredFrom: Date;
    offsets: readonly number[];
    now: Date;
    byUserId: string | null;
    byTokenId: string | null;
  },
): Promise<void> {
  await sql(tx, `delete from reminder where organization_id = ? and state <> 'SENT'`, [plan.organizationId]);
  for (const offset of [...new Set([...plan.offsets, 0])]) {
    const dueAt = new Date(plan.requiredFrom.getTime() - offset * DAY_MS);
    await sql(
      tx,
      `insert into reminder (organization_id, offset_days, due_at, state, decided_at, requested_by_user_id, requested_by_token_id)
       values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
      [
        plan.organizationId,
        offset,
        dueAt,
        dueAt <= plan.now ? 'SKIPPED' : 'PENDING',
        dueAt <= plan.now ? plan.now : null,
        plan.byUserId,
        plan.byTokenId,
      ],
    );
  }
}

/** The plan is gone (cancelled, lifted, or required now): its reminders go with it. */
export async function dropReminders(tx: EntityManager, organizationId: string): Promise<void> {
  await sql(tx, `delete from reminder where organization_id = ?`, [organizationId]);
}

/** `exists` probe of `reminder_due`: a reminder is due at `?`. */
export const reminderDueSql = `exists (select 1 from reminder where state = 'PENDING' and due_at <= ?)`;

/** Claims the reminders that are due, once across instances (`skip locked` through `reminder_due`). */
export function claimDueReminders(
  tx: EntityManager,
  now: Date,
  limit: number,
): Promise<
  {
    organization_id: string;
    offset_days: number;
    due_at: Date;
    requested_by_user_id: string | null;
    requested_by_token_id: string | null;
  }[]
> {
  return sql(
    tx,
    // By the claimed rows' ctids (locked by the subquery): a join to the claim made the planner
    // scan the whole table when it expected `limit` rows (bench scenario 11).
    `update reminder r set state = 'SENT', decided_at = ?
     where r.ctid = any(array(select ctid from reminder where state = 'PENDING' and due_at <= ?
                              order by due_at limit ? for update skip locked))
     returning r.organization_id::text, r.offset_days, r.due_at, r.requested_by_user_id::text, r.requested_by_token_id::text`,
    [now, now, limit],
  );
}

export async function setReminderCampaign(tx: EntityManager, organizationId: string, offset: number, campaignId: string): Promise<void> {
  await sql(tx, `update reminder set campaign_id = ? where organization_id = ? and offset_days = ?`, [campaignId, organizationId, offset]);
}

/** The organization's reminders, soonest first. */
export async function remindersOf(em: EntityManager, organizationId: string): Promise<Reminder[]> {
  const rows = await sql<{ offset_days: number; due_at: Date; state: ReminderState; campaign_id: string | null }>(
    em,
    `select offset_days, due_at, state, campaign_id::text from reminder where organization_id = ? order by due_at, offset_days desc`,
    [organizationId],
  );
  return rows.map((r) => ({ offsetDays: r.offset_days, dueAt: new Date(r.due_at), state: r.state, campaignId: r.campaign_id }));
}

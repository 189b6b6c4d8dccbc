import { Migration } from '@mikro-orm/migrations';

/**
 * Reminders of a scheduled requirement (issue 14): each organization chooses its offsets before
 * the date (default 14, 7 and 1 days; the switch itself is offset 0) and a time zone for the dates
 * in its mails. A `reminder` row per offset of the current plan says when it is due and whether it
 * went (a campaign of alerts, `alert_campaign.reminder_offset`) or was skipped; a sent offset is
 * never sent again for the plan, whatever the moves of its date. The `alert` view gains the
 * reminder's offset, so a reminder can skip members alerted by hand in the last 24 hours without
 * counting other reminders. Exemptions remember when their expiry was announced.
 */
export class Migration0008Reminders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table organization
      add column reminder_offsets integer[] not null default '{14,7,1}',
      add column time_zone text not null default 'UTC';`);
    this.addSql(`create table reminder (
      organization_id uuid not null references organization (id) on delete cascade,
      offset_days integer not null,
      due_at timestamptz not null,
      state text not null check (state in ('PENDING', 'SENT', 'SKIPPED')),
      campaign_id uuid,
      decided_at timestamptz,
      requested_by_user_id uuid,
      requested_by_token_id uuid,
      primary key (organization_id, offset_days));`);
    this.addSql(`create index reminder_due on reminder (due_at) where state = 'PENDING';`);
    this.addSql(`alter table alert_campaign add column reminder_offset integer, add column deadline timestamptz;`);
    this.addSql(`alter table exemption add column warned_at timestamptz;`);
    this.addSql(`create index exemption_warning_due on exemption (expires_at) where ended_at is null and warned_at is null;`);
    this.addSql(`create or replace view alert as
      select mm.id, mm.organization_id, mm.user_id, mm.id as mail_id, c.id as campaign_id,
        case when c.id is null then (mm.data->>'requestedByUserId')::uuid else c.requested_by_user_id end as requested_by_user_id,
        case when c.id is null then (mm.data->>'requestedByTokenId')::uuid else c.requested_by_token_id end as requested_by_token_id,
        mm.created_at, c.reminder_offset
      from mail_message mm left join alert_campaign c on c.id = (mm.data->>'campaignId')::uuid
      where mm.template = 'two-factor-alert';`);
  }
}

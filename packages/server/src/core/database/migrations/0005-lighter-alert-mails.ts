import { Migration } from '@mikro-orm/migrations';

/**
 * Narrower alert mails, for campaigns that queue tens of thousands at once (docs/benchmarks.md,
 * scenario 5):
 * - The organization and member an alert concerns become columns of `mail_message` instead of
 *   keys of its data. The index behind "this member's alerts" (history, the 24-hour limit,
 *   `lastAlertedAt`) was a B-tree over two casts out of the JSON, computed for every row written; it
 *   is now a hash index over the member's id (a member has few alerts; the organization is
 *   checked on the row). No foreign keys: an alert outlives its member's account, as its mail did.
 * - A campaign's alerts no longer repeat who asked for them: the view reads it from the campaign.
 *   Each row carries only what its mail says, and which campaign it belongs to.
 * - Mail is `bulk` (a campaign's alerts) or not, and the due queue is ordered by it: a password
 *   reset or an invitation no longer waits behind a campaign's 50,000 alerts.
 */
export class Migration0005LighterAlertMails extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop view alert;`);
    this.addSql(`drop index mail_message_alert_idx;`);
    this.addSql(`alter table mail_message add column organization_id uuid, add column user_id uuid,
      add column bulk boolean not null default false;`);
    this.addSql(`update mail_message set organization_id = (data->>'organizationId')::uuid, user_id = (data->>'userId')::uuid,
        bulk = data->>'campaignId' is not null,
        data = case when data->>'campaignId' is null then data - 'campaignId'
          else data - 'requestedByUserId' - 'requestedByTokenId' end - 'organizationId' - 'userId'
      where template = 'two-factor-alert';`);
    this.addSql(`drop index mail_message_due;`);
    this.addSql(`create index mail_message_due on mail_message (bulk, next_attempt_at) where state = 'QUEUED';`);
    this.addSql(`create index mail_message_alert_idx on mail_message using hash (user_id) where template = 'two-factor-alert';`);
    this.addSql(`create view alert as
      select mm.id, mm.organization_id, mm.user_id, mm.id as mail_id, c.id as campaign_id,
        case when c.id is null then (mm.data->>'requestedByUserId')::uuid else c.requested_by_user_id end as requested_by_user_id,
        case when c.id is null then (mm.data->>'requestedByTokenId')::uuid else c.requested_by_token_id end as requested_by_token_id,
        mm.created_at
      from mail_message mm left join alert_campaign c on c.id = (mm.data->>'campaignId')::uuid
      where mm.template = 'two-factor-alert';`);
  }
}

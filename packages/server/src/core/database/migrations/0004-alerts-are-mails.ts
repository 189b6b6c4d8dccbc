import { Migration } from '@mikro-orm/migrations';

/**
 * An alert is its mail. Alerting all 50,000 members without 2FA wrote three rows per member (the
 * member's `last_alerted_at`, the mail, the alert with six foreign keys and four indexes) and took
 * about 30 times an INSERT … SELECT of the same rows. Now the alert's own facts (organization,
 * member, campaign, requester) travel in its mail's data, as the organization and member already
 * did; one row per alert. `alert` becomes a view over those mails, with the same columns, and
 * one partial index answers "this member's alerts, latest first" (history, the 24-hour limit and
 * `lastAlertedAt`), which replaces the membership column.
 */
export class Migration0004AlertsAreMails extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update mail_message mm set data = mm.data || jsonb_build_object(
        'organizationId', a.organization_id, 'userId', a.user_id, 'campaignId', a.campaign_id,
        'requestedByUserId', a.requested_by_user_id, 'requestedByTokenId', a.requested_by_token_id)
      from alert a where a.mail_id = mm.id;`);
    // An alert's id is now its mail's: the audit entries that name an alert follow.
    this.addSql(`update audit_event e set data = jsonb_set(e.data, '{alertId}', to_jsonb(a.mail_id::text))
      from alert a where e.data->>'alertId' = a.id::text;`);
    this.addSql(`drop table alert;`);
    this.addSql(`alter table membership drop column last_alerted_at;`);
    this.addSql(`create index mail_message_alert_idx on mail_message
      (((data->>'organizationId')::uuid), ((data->>'userId')::uuid), created_at desc) where template = 'two-factor-alert';`);
    this.addSql(`create view alert as
      select mm.id, (mm.data->>'organizationId')::uuid as organization_id, (mm.data->>'userId')::uuid as user_id, mm.id as mail_id,
        (mm.data->>'campaignId')::uuid as campaign_id, (mm.data->>'requestedByUserId')::uuid as requested_by_user_id,
        (mm.data->>'requestedByTokenId')::uuid as requested_by_token_id, mm.created_at
      from mail_message mm where mm.template = 'two-factor-alert';`);
  }
}

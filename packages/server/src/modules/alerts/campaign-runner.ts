import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import { PollingWorker } from '../../core/jobs/polling-loop.js';
import type { Logger } from '../../core/logger.js';
import type { MailQueue } from '../../core/mail/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { acceptedMethodSql } from '../access/index.js';
import { acceptedColumns, ALERT_INTERVAL_MS, exemptAt, lastAlertedAt, lastManualAlertedAt } from '../organizations/index.js';
import { lockAlerts } from './alerts.service.js';

interface Claimed {
  id: string;
  organization_id: string;
  cursor_user_id: string | null;
  requested_by_user_id: string | null;
  requested_by_token_id: string | null;
  organization: string;
  requester: string | null;
  /** Days before the plan's date (0: at the switch) for a reminder; null for an alert campaign. */
  reminder_offset: number | null;
  deadline: Date | null;
  time_zone: string;
}

/**
 * Works through running campaigns one batch per transaction: the batch's alerts (their mails) and
 * the campaign's cursor commit together. A crash loses at most an
 * uncommitted batch, which the next round redoes from the saved cursor: no alert lost or repeated.
 * The campaign row stays locked (FOR UPDATE SKIP LOCKED) while its batch runs, so two instances
 * never work on the same campaign at once.
 */
export class CampaignRunner extends PollingWorker {
  private inCampaign = false;

  constructor(
    private readonly deps: {
      orm: MikroORM;
      clock: Clock;
      log: Logger;
      audit: AuditService;
      events: DomainEvents;
      /** Queues the batch's mails (core's table), inside the batch's one statement. */
      mail: Pick<MailQueue, 'bulkInsertSql'>;
      wakeMail: () => void;
      /** Members looked at per batch (`CAMPAIGN_BATCH_SIZE`). */
      batchSize: number;
    },
    pollMs: number,
  ) {
    super('campaigns', pollMs, deps.log);
  }

  /**
   * True from a campaign's first batch until its last, in this process: its mails are held back
   * from delivery until then (`MailWorker`'s `holdBulk`), since delivering them on the same cores
   * slowed queueing by a fifth or more (docs/benchmarks.md, scenario 5). Queueing 50,000 takes
   * about a second; mail to a person about their own account is not held.
   */
  get queueing(): boolean {
    return this.inCampaign;
  }

  /** Processes one batch of one campaign; returns how many members it looked at. */
  async runOnce(): Promise<number> {
    try {
      const result = await this.runBatch();
      this.inCampaign = result !== undefined && !result.finished;
      // Mail held back during the campaign goes once it is queued whole.
      if (result && (result.queued > 0 || result.finished)) this.deps.wakeMail();
      return result?.looked ?? 0;
    } catch (error) {
      this.inCampaign = false;
      throw error;
    }
  }

  private async runBatch(): Promise<{ looked: number; queued: number; finished: boolean } | undefined> {
    const { orm, clock } = this.deps;
    const now = clock.now();
    const batchSize = this.deps.batchSize;
    const em = orm.em.fork();
    const result = await em.transactional(async (tx) => {
      const [campaign] = await sql<Claimed>(
        tx,
        `select c.id, c.organization_id, c.cursor_user_id, c.requested_by_user_id, c.requested_by_token_id, o.name as organization,
           coalesce(u.display_name, t.name) as requester, c.reminder_offset, c.deadline, o.time_zone
         from alert_campaign c join organization o on o.id = c.organization_id
         left join "user" u on u.id = c.requested_by_user_id left join integration_token t on t.id = c.requested_by_token_id
         where c.state = 'RUNNING' and (c.locked_until is null or c.locked_until < ?)
         order by c.created_at limit 1 for update of c skip locked`,
        [now],
      );
      if (!campaign) return undefined;
      await lockAlerts(tx, campaign.organization_id);
      // One row per alert: the mail, with the organization and member in columns and, in its data,
      // what the mail says and its campaign (`alert` is a view over them, which reads who asked
      // from the campaign). Both sides of the join are bounded by the cursor, so each batch reads
      // only its own stretch of the two primary keys.
      // A reminder skips exempt members, and those alerted by hand in the last 24 hours (other
      // reminders do not count: the 1-day reminder and the one at the switch are a day apart).
      const reminder = campaign.reminder_offset !== null;
      const [counts] = await sql<{ looked: string; queued: string; last_user: string | null }>(
        tx,
        `with batch as (
           select m.user_id, u.email, u.display_name, ${reminder ? lastManualAlertedAt : lastAlertedAt} as last_alerted_at,
             ${reminder ? exemptAt('m', '?::timestamptz') : 'false'} as exempt
           from membership m join "user" u on u.id = m.user_id
           where m.organization_id = ? and not ${acceptedMethodSql({ ...acceptedColumns, allowedMethods: '(select o.allowed_methods from organization o where o.id = m.organization_id)' })}
             and m.user_id > coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')
             and u.id > coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')
           order by m.user_id limit ?
         ), mails as (
           ${this.deps.mail.bulkInsertSql({
             template: 'two-factor-alert',
             to: 'b.email',
             organizationId: '?::uuid',
             userId: 'b.user_id',
             data: `jsonb_build_object('name', b.display_name, 'organization', ?::text, 'requester', ?::text, 'campaignId', ?::text)${
               reminder ? ` || jsonb_build_object('deadline', ?::text, 'reminderOffset', ?::int, 'timeZone', ?::text)` : ''
             }`,
             at: '?',
             from: 'batch b where not b.exempt and (b.last_alerted_at is null or b.last_alerted_at <= ?)',
           })}
           returning 1
         )
         select (select count(*) from batch) as looked, (select count(*) from mails) as queued, (select max(user_id::text) from batch) as last_user`,
        [
          ...(reminder ? [now] : []),
          campaign.organization_id,
          campaign.cursor_user_id,
          campaign.cursor_user_id,
          batchSize,
          campaign.organization_id,
          campaign.organization,
          campaign.requester ?? 'An administrator',
          campaign.id,
          ...(reminder ? [new Date(campaign.deadline!).toISOString(), campaign.reminder_offset, campaign.time_zone] : []),
          now,
          now,
          new Date(now.getTime() - ALERT_INTERVAL_MS),
        ],
      );
      const looked = Number(counts!.looked);
      const queued = Number(counts!.queued);
      const finished = looked < batchSize;
      await sql(
        tx,
        `update alert_campaign set cursor_user_id = coalesce(?::uuid, cursor_user_id), queued_count = queued_count + ?, skipped_count = skipped_count + ?,
           state = ?, finished_at = ?, locked_until = null where id = ?`,
        [counts!.last_user, queued, looked - queued, finished ? 'FINISHED' : 'RUNNING', finished ? now : null, campaign.id],
      );
      if (finished) {
        const [totals] = await sql<{ queued_count: number; skipped_count: number }>(
          tx,
          `select queued_count, skipped_count from alert_campaign where id = ?`,
          [campaign.id],
        );
        this.deps.audit.record(tx, {
          organizationId: campaign.organization_id,
          action: AuditAction.CAMPAIGN_FINISHED,
          actor: { userId: campaign.requested_by_user_id, tokenId: campaign.requested_by_token_id },
          data: { campaignId: campaign.id, queued: totals!.queued_count, skipped: totals!.skipped_count },
        });
        await tx.flush();
      }
      return { campaign, looked, queued, finished };
    });
    if (!result) return undefined;
    this.deps.events.publish({
      type: 'campaignProgressed',
      organizationId: result.campaign.organization_id,
      campaignId: result.campaign.id,
      queued: result.queued,
    });
    return { looked: Math.max(1, result.looked), queued: result.queued, finished: result.finished };
  }
}

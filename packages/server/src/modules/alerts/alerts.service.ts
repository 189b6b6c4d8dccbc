import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ErrorCode } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { sql } from '../../core/database/sql.js';
import { DomainError, validId } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { MailQueue } from '../../core/mail/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import type { OrganizationActor } from '../access/index.js';
import { tokenNameOf } from '../integration-tokens/index.js';
import { ALERT_INTERVAL_MS, memberContact } from '../organizations/index.js';
import type { Alert, AlertCampaign } from './alerts.types.js';

interface AlertRow {
  id: string;
  user_id: string;
  state: Alert['state'];
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  campaign_id: string | null;
  requested_by_user_id: string | null;
  requested_by_token_id: string | null;
  requester_name: string | null;
}

/**
 * Serializes alerting within one organization (single alerts and campaign batches) for the rest of
 * the transaction, so that the 24-hour check and the new alert cannot interleave with another's.
 */
export async function lockAlerts(em: EntityManager, organizationId: string): Promise<void> {
  await sql(em, `select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`twostep:alerts:${organizationId}`]);
}

const alertSelect = `select a.id, a.user_id, mm.state, mm.attempts, mm.last_error, a.created_at, mm.sent_at, a.campaign_id,
    a.requested_by_user_id, a.requested_by_token_id, coalesce(ru.display_name, rt.name) as requester_name
  from alert a join mail_message mm on mm.id = a.mail_id
  left join "user" ru on ru.id = a.requested_by_user_id
  left join integration_token rt on rt.id = a.requested_by_token_id`;

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    userId: row.user_id,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
    campaignId: row.campaign_id,
    requestedBy:
      row.requested_by_user_id || row.requested_by_token_id
        ? { userId: row.requested_by_user_id, tokenId: row.requested_by_token_id, name: row.requester_name ?? 'Deleted account' }
        : null,
  };
}

interface Deps {
  orm: MikroORM;
  clock: Clock;
  mail: MailQueue;
  audit: AuditService;
  events: DomainEvents;
  log: Logger;
  /** Wakes the campaign runner after a campaign is created. */
  wakeCampaigns: () => void;
}

/** Alerts to members without 2FA: one at a time with a rate limit, or all at once as a campaign. */
export class AlertsService {
  constructor(private readonly deps: Deps) {}

  /**
   * Alerts one member. The alert is its mail (`alert` is a view over alert mails); the 24-hour
   * limit reads the member's latest one under the organization's alert lock, so two concurrent
   * requests cannot both pass. The mail and the audit entry are written in that transaction.
   */
  async send(em: EntityManager, actor: OrganizationActor, userId: string, confirm: boolean): Promise<Alert> {
    if (confirm !== true) throw new DomainError(ErrorCode.CONFIRMATION_REQUIRED, 'Confirm that the alert should be sent.');
    const target = validId(userId, 'userId');
    const now = this.deps.clock.now();
    const alertId = await em.transactional(async (tx) => {
      await lockAlerts(tx, actor.organizationId);
      const member = await memberContact(tx, actor.organizationId, target);
      if (!member) throw new DomainError(ErrorCode.NOT_FOUND, 'Member not found');
      if (member.hasAcceptedMethod) throw new DomainError(ErrorCode.CONFLICT, 'This member already has two-step verification.');
      if (member.lastAlertedAt && member.lastAlertedAt.getTime() > now.getTime() - ALERT_INTERVAL_MS) {
        const retryAt = new Date(member.lastAlertedAt.getTime() + ALERT_INTERVAL_MS);
        throw new DomainError(ErrorCode.ALERT_TOO_SOON, 'This member was alerted recently.', { retryAt: retryAt.toISOString() });
      }
      const requester = await this.requesterName(tx, actor);
      const mail = this.deps.mail.queue(tx, {
        to: member.email,
        template: 'two-factor-alert',
        concerning: { organizationId: actor.organizationId, userId: target },
        data: {
          name: member.displayName,
          organization: actor.organizationName,
          requester,
          requestedByUserId: actor.userId,
          requestedByTokenId: actor.tokenId,
        },
      });
      this.deps.audit.record(tx, {
        organizationId: actor.organizationId,
        action: AuditAction.ALERT_SENT,
        actor: actor.audit,
        targetUserId: target,
        data: { alertId: mail.id },
      });
      await tx.flush();
      return mail.id;
    });
    this.deps.mail.wake();
    this.deps.events.publish({
      type: 'memberSecurityChanged',
      organizationIds: [actor.organizationId],
      userId: target,
      change: 'ALERTED',
      alertId,
    });
    return this.get(em, alertId);
  }

  async get(em: EntityManager, alertId: string): Promise<Alert> {
    const [row] = await sql<AlertRow>(em, `${alertSelect} where a.id = ?`, [alertId]);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Alert not found');
    return toAlert(row);
  }

  async forMember(em: EntityManager, organizationId: string, userId: string, limit = 20): Promise<Alert[]> {
    const rows = await sql<AlertRow>(
      em,
      `${alertSelect} where a.organization_id = ? and a.user_id = ? order by a.created_at desc limit ?`,
      [organizationId, userId, limit],
    );
    return rows.map(toAlert);
  }

  /** Starts "alert all members without 2FA"; the runner does the work in resumable batches. */
  async startCampaign(em: EntityManager, actor: OrganizationActor, confirm: boolean): Promise<AlertCampaign> {
    if (confirm !== true)
      throw new DomainError(ErrorCode.CONFIRMATION_REQUIRED, 'Confirm that every member without 2FA should be alerted.');
    const id = randomUUID();
    await em.transactional(async (tx) => {
      const running = await sql(tx, `select id from alert_campaign where organization_id = ? and state = 'RUNNING' for update`, [
        actor.organizationId,
      ]);
      if (running.length > 0) throw new DomainError(ErrorCode.CONFLICT, 'A campaign is already running for this organization.');
      await sql(
        tx,
        `insert into alert_campaign (id, organization_id, requested_by_user_id, requested_by_token_id, state, created_at) values (?, ?, ?, ?, 'RUNNING', ?)`,
        [id, actor.organizationId, actor.userId, actor.tokenId, this.deps.clock.now()],
      );
      this.deps.audit.record(tx, {
        organizationId: actor.organizationId,
        action: AuditAction.CAMPAIGN_STARTED,
        actor: actor.audit,
        data: { campaignId: id },
      });
    });
    this.deps.wakeCampaigns();
    return this.campaign(em, actor.organizationId, id);
  }

  async campaign(em: EntityManager, organizationId: string, id: string): Promise<AlertCampaign> {
    const [row] = await sql<{
      id: string;
      state: AlertCampaign['state'];
      queued_count: number;
      skipped_count: number;
      created_at: Date;
      finished_at: Date | null;
    }>(
      em,
      `select id, state, queued_count, skipped_count, created_at, finished_at from alert_campaign where organization_id = ? and id = ?`,
      [organizationId, validId(id, 'id')],
    );
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Campaign not found');
    return {
      id: row.id,
      state: row.state,
      queued: row.queued_count,
      skipped: row.skipped_count,
      createdAt: new Date(row.created_at),
      finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    };
  }

  async latestCampaign(em: EntityManager, organizationId: string): Promise<AlertCampaign | null> {
    const [row] = await sql<{ id: string }>(
      em,
      `select id from alert_campaign where organization_id = ? order by created_at desc limit 1`,
      [organizationId],
    );
    return row ? this.campaign(em, organizationId, row.id) : null;
  }

  /** The alerts whose mails were just attempted, for live delivery updates. */
  /** Alerts show their mail's delivery state live: told after every delivery attempt, publishes one change per alert. */
  publishDeliveries(em: EntityManager, mailIds: string[]): void {
    this.byMailIds(em, mailIds).then(
      (alerts) => {
        for (const alert of alerts) {
          this.deps.events.publish({
            type: 'memberSecurityChanged',
            organizationIds: [alert.organization_id],
            userId: alert.user_id,
            change: 'ALERT_DELIVERY_CHANGED',
            alertId: alert.id,
          });
        }
      },
      (err: unknown) => this.deps.log.error({ err }, 'alert delivery events failed'),
    );
  }

  async byMailIds(em: EntityManager, mailIds: string[]): Promise<{ id: string; organization_id: string; user_id: string }[]> {
    if (mailIds.length === 0) return [];
    return sql(em, `select id, organization_id, user_id from alert where mail_id in (${mailIds.map(() => '?').join(', ')})`, mailIds);
  }

  private async requesterName(em: EntityManager, actor: OrganizationActor): Promise<string> {
    const name = actor.personName ?? (actor.tokenId ? await tokenNameOf(em, actor.organizationId, actor.tokenId) : undefined);
    return name ?? 'An administrator';
  }
}

import type { MikroORM } from '@mikro-orm/postgresql';
import { ErrorCode } from '@twostep/shared';
import { DomainError } from '../../core/errors.js';
import { sharedPayload } from '../../core/graphql/socket-operations.js';
import { displayNameOf } from '../accounts/index.js';
import type { Alert, AlertCampaign, AlertsService } from '../alerts/index.js';
import { tokenNameOf } from '../integration-tokens/index.js';
import type { ActorRef, Member, MembersService } from '../organizations/index.js';
import type { SecuritySummary } from '../organizations/index.js';
import type { EventMemo } from './event-memo.js';
import { auditLogEntry, type AuditLogEntry } from '../audit/index.js';
import { pointAt, type CompliancePoint } from '../compliance-history/index.js';
import type { AuditTick } from './audit-feed.js';
import type { CampaignMessage, HistoryMessage, MemberMessage, PolicyMessage } from './live-messages.js';
import {
  AlertCampaignChange,
  MemberSecurityChange,
  OrganizationPolicyChange,
  SecuritySummaryChange,
  type AuditEntryAdded,
  type ComplianceHistoryChange,
} from './live.types.js';
import type { SummaryTick } from './summary-coalescer.js';

interface Deps {
  orm: MikroORM;
  memo: EventMemo;
  members: MembersService;
  alerts: AlertsService;
}

/**
 * The payloads of organization events, made once per message (every local subscriber gets the
 * same object, marked shared), and the reads behind their fields, made once per event.
 */
export class LivePayloads {
  private readonly made = new WeakMap<object, object>();

  constructor(private readonly deps: Deps) {}

  memberChange(message: MemberMessage): MemberSecurityChange {
    return this.once(message, () =>
      Object.assign(new MemberSecurityChange(), {
        organizationId: message.organizationId,
        userId: message.userId,
        change: message.change,
        at: new Date(message.at),
        eventId: message.id,
        alertId: message.alertId,
      }),
    );
  }

  policyChange(message: PolicyMessage): OrganizationPolicyChange {
    return this.once(message, () =>
      Object.assign(new OrganizationPolicyChange(), {
        organizationId: message.organizationId,
        twoFactorRequired: message.twoFactorRequired,
        requiredFrom: message.requiredFrom ? new Date(message.requiredFrom) : null,
        allowedMethods: message.allowedMethods ?? null,
        changedAt: new Date(message.at),
        eventId: message.id,
        changedById: message.changedBy,
      }),
    );
  }

  campaignChange(message: CampaignMessage): AlertCampaignChange {
    return this.once(message, () =>
      Object.assign(new AlertCampaignChange(), {
        organizationId: message.organizationId,
        campaignId: message.campaignId,
        at: new Date(message.at),
        eventId: message.id,
      }),
    );
  }

  /** The campaign's counts and state after the batch, read once per event. */
  campaign(change: AlertCampaignChange): Promise<AlertCampaign> {
    return this.deps.memo.read(change.eventId, `campaign:${change.campaignId}`, () =>
      this.deps.alerts.campaign(this.deps.orm.em.fork(), change.organizationId, change.campaignId),
    );
  }

  summaryChange(tick: SummaryTick): SecuritySummaryChange {
    return this.once(tick, () =>
      Object.assign(new SecuritySummaryChange(), { organizationId: tick.organizationId, at: new Date(tick.at), eventId: tick.id }),
    );
  }

  historyChange(message: HistoryMessage): ComplianceHistoryChange {
    return this.once(message, () => ({ organizationId: message.organizationId, pointAt: new Date(message.pointAt), eventId: message.id }));
  }

  /** The point a history event announces, read once per event (the minute's point, as it is now). */
  point(change: ComplianceHistoryChange): Promise<CompliancePoint> {
    return this.deps.memo.read(change.eventId, 'point', async () => {
      const point = await pointAt(this.deps.orm.em.fork(), change.organizationId, change.pointAt);
      if (!point) throw new DomainError(ErrorCode.NOT_FOUND, 'This point of the history is gone.');
      return point;
    });
  }

  auditEntryAdded(tick: AuditTick): AuditEntryAdded {
    return this.once(tick, () => ({ organizationId: tick.organizationId, auditId: tick.auditId, eventId: tick.id }));
  }

  /** The entry an `auditEventAdded` event announces, read once per event. */
  auditEntry(change: AuditEntryAdded): Promise<AuditLogEntry> {
    return this.deps.memo.read(change.eventId, 'entry', async () => {
      const entry = await auditLogEntry(this.deps.orm.em.fork(), change.organizationId, change.auditId);
      if (!entry) throw new DomainError(ErrorCode.NOT_FOUND, 'This audit entry is gone.');
      return entry;
    });
  }

  /** The member's current row, or null once they are no longer a member. */
  member(change: MemberSecurityChange): Promise<Member | null> {
    return this.deps.memo.read(change.eventId, `member:${change.organizationId}:${change.userId}`, () =>
      this.deps.members.get(this.deps.orm.em.fork(), change.organizationId, change.userId).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
        throw error;
      }),
    );
  }

  alert(change: MemberSecurityChange): Promise<Alert | null> {
    const alertId = change.alertId;
    if (!alertId) return Promise.resolve(null);
    return this.deps.memo.read(change.eventId, `alert:${alertId}`, () =>
      this.deps.alerts.get(this.deps.orm.em.fork(), alertId).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
        throw error;
      }),
    );
  }

  summary(change: SecuritySummaryChange): Promise<SecuritySummary> {
    return this.deps.memo.read(change.eventId, `summary:${change.organizationId}`, () =>
      this.deps.members.summary(this.deps.orm.em.fork(), change.organizationId),
    );
  }

  /** Who changed the policy: a person, or one of the organization's integration tokens. */
  changedBy(change: OrganizationPolicyChange): Promise<ActorRef | null> {
    const id = change.changedById;
    if (!id) return Promise.resolve(null);
    return this.deps.memo.read(change.eventId, `actor:${id}`, async () => {
      const em = this.deps.orm.em.fork();
      const person = await displayNameOf(em, id);
      if (person !== undefined) return { userId: id, tokenId: null, name: person };
      const token = await tokenNameOf(em, change.organizationId, id);
      return token !== undefined ? { userId: null, tokenId: id, name: token } : null;
    });
  }

  private once<T extends object>(source: object, make: () => T): T {
    let payload = this.made.get(source) as T | undefined;
    if (!payload) this.made.set(source, (payload = sharedPayload(make())));
    return payload;
  }
}

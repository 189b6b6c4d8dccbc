import { WebhookEventType } from '@twostep/shared';
import { AuditAction } from '../audit/index.js';

/**
 * Which audit entries become which webhook events. Each entry is written in the transaction of
 * its change, which is what makes the audit log this feature's outbox. Entries not listed here
 * (sign-in lockouts, token changes, webhook management itself) send nothing.
 */
export const auditEvents: Partial<Record<AuditAction, { type: WebhookEventType; reason?: string }>> = {
  [AuditAction.TWO_FACTOR_ENABLED]: { type: 'MEMBER_COMPLIANCE_CHANGED', reason: 'METHOD_ADDED' },
  [AuditAction.SECURITY_KEY_ADDED]: { type: 'MEMBER_COMPLIANCE_CHANGED', reason: 'METHOD_ADDED' },
  [AuditAction.TWO_FACTOR_DISABLED]: { type: 'MEMBER_COMPLIANCE_CHANGED', reason: 'METHOD_REMOVED' },
  [AuditAction.SECURITY_KEY_REMOVED]: { type: 'MEMBER_COMPLIANCE_CHANGED', reason: 'METHOD_REMOVED' },
  [AuditAction.SECOND_FACTORS_RESET]: { type: 'MEMBER_COMPLIANCE_CHANGED', reason: 'RESET' },
  [AuditAction.MEMBER_WINDOW_ENDED]: { type: 'MEMBER_COMPLIANCE_CHANGED', reason: 'WINDOW_ENDED' },
  [AuditAction.MEMBER_BLOCKED]: { type: 'MEMBER_BLOCKED' },
  [AuditAction.MEMBER_UNBLOCKED]: { type: 'MEMBER_UNBLOCKED' },
  [AuditAction.MEMBER_JOINED]: { type: 'MEMBER_JOINED' },
  [AuditAction.MEMBER_LEFT]: { type: 'MEMBER_LEFT' },
  [AuditAction.MEMBER_REMOVED]: { type: 'MEMBER_REMOVED' },
  [AuditAction.EXEMPTION_CREATED]: { type: 'EXEMPTION_CREATED' },
  [AuditAction.EXEMPTION_REVOKED]: { type: 'EXEMPTION_REVOKED' },
  [AuditAction.EXEMPTION_EXPIRED]: { type: 'EXEMPTION_EXPIRED' },
  [AuditAction.REQUIREMENT_SCHEDULED]: { type: 'PLAN_CHANGED', reason: 'SCHEDULED' },
  [AuditAction.REQUIREMENT_SCHEDULE_CANCELLED]: { type: 'PLAN_CHANGED', reason: 'SCHEDULE_CANCELLED' },
  [AuditAction.NEW_MEMBER_WINDOW_CHANGED]: { type: 'PLAN_CHANGED', reason: 'NEW_MEMBER_WINDOW_CHANGED' },
  [AuditAction.REMINDER_OFFSETS_CHANGED]: { type: 'PLAN_CHANGED', reason: 'REMINDERS_CHANGED' },
  [AuditAction.REQUIREMENT_ENABLED]: { type: 'REQUIREMENT_CHANGED', reason: 'REQUIRED' },
  [AuditAction.REQUIREMENT_DISABLED]: { type: 'REQUIREMENT_CHANGED', reason: 'LIFTED' },
  [AuditAction.METHOD_POLICY_CHANGED]: { type: 'REQUIREMENT_CHANGED', reason: 'ACCEPTED_METHODS_CHANGED' },
};

/** The events after which the organization's compliance may have reached (or left) 100%. */
export const complianceMoving: ReadonlySet<WebhookEventType> = new Set<WebhookEventType>([
  'MEMBER_COMPLIANCE_CHANGED',
  'MEMBER_JOINED',
  'MEMBER_LEFT',
  'MEMBER_REMOVED',
  'EXEMPTION_CREATED',
  'EXEMPTION_REVOKED',
  'EXEMPTION_EXPIRED',
  'REQUIREMENT_CHANGED',
  'PLAN_CHANGED',
]);

/** The JSON `type` of an event type (`member.blocked`). */
export const wireType = (type: WebhookEventType): string => WebhookEventType[type];

export const TEST_EVENT_TYPE = 'webhook.test';

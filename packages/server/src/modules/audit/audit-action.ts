/** Every audited action. A shipped name is permanent: the audit log is read by people and tools. */
export const AuditAction = {
  ORGANIZATION_CREATED: 'ORGANIZATION_CREATED',
  REQUIREMENT_ENABLED: 'REQUIREMENT_ENABLED',
  REQUIREMENT_DISABLED: 'REQUIREMENT_DISABLED',
  ALERT_SENT: 'ALERT_SENT',
  CAMPAIGN_STARTED: 'CAMPAIGN_STARTED',
  CAMPAIGN_FINISHED: 'CAMPAIGN_FINISHED',
  INVITATION_CREATED: 'INVITATION_CREATED',
  INVITATION_RESENT: 'INVITATION_RESENT',
  INVITATION_REVOKED: 'INVITATION_REVOKED',
  MEMBER_JOINED: 'MEMBER_JOINED',
  MEMBER_LEFT: 'MEMBER_LEFT',
  MEMBER_REMOVED: 'MEMBER_REMOVED',
  ROLE_CHANGED: 'ROLE_CHANGED',
  SECOND_FACTORS_RESET: 'SECOND_FACTORS_RESET',
  TOKEN_CREATED: 'TOKEN_CREATED',
  TOKEN_REVOKED: 'TOKEN_REVOKED',
  TOKEN_USED_POLICY_WRITE: 'TOKEN_USED_POLICY_WRITE',
  TWO_FACTOR_ENABLED: 'TWO_FACTOR_ENABLED',
  TWO_FACTOR_DISABLED: 'TWO_FACTOR_DISABLED',
  /** A security key or passkey was added (`data.kind`, `data.name`). */
  SECURITY_KEY_ADDED: 'SECURITY_KEY_ADDED',
  /** A security key or passkey was removed (`data.kind`, `data.name`). */
  SECURITY_KEY_REMOVED: 'SECURITY_KEY_REMOVED',
  /** A key answered with a signature counter that went backwards: refused, the key may be cloned (`data.keyId`). */
  SECURITY_KEY_COUNTER_MISMATCH: 'SECURITY_KEY_COUNTER_MISMATCH',
  /** A webhook endpoint was created, changed, deleted or its secret rotated (`data.endpointId`, `data.url`). */
  WEBHOOK_CREATED: 'WEBHOOK_CREATED',
  WEBHOOK_UPDATED: 'WEBHOOK_UPDATED',
  WEBHOOK_DELETED: 'WEBHOOK_DELETED',
  WEBHOOK_SECRET_ROTATED: 'WEBHOOK_SECRET_ROTATED',
  /** An endpoint failed every attempt for 24 hours and was switched off; its administrators were mailed. */
  WEBHOOK_DISABLED: 'WEBHOOK_DISABLED',
  /** The methods the organization accepts changed (`data.allowedMethods`, `data.previous`). */
  METHOD_POLICY_CHANGED: 'METHOD_POLICY_CHANGED',
  RECOVERY_CODES_REGENERATED: 'RECOVERY_CODES_REGENERATED',
  RECOVERY_CODE_USED: 'RECOVERY_CODE_USED',
  SECOND_FACTOR_LOCKED: 'SECOND_FACTOR_LOCKED',
  MEMBER_BLOCKED: 'MEMBER_BLOCKED',
  /** A member blocked in the organization set up a method: the block episode ended. */
  MEMBER_UNBLOCKED: 'MEMBER_UNBLOCKED',
  PASSWORD_CHANGED: 'PASSWORD_CHANGED',
  PASSWORD_RESET: 'PASSWORD_RESET',
  EMAIL_CHANGED: 'EMAIL_CHANGED',
  /** A membership became EXTERNAL because the account is INTERNAL elsewhere (one home). */
  MEMBERSHIP_KIND_CHANGED: 'MEMBERSHIP_KIND_CHANGED',
  /** Too many failed proofs (password or code) for the account: proofs refused until the window ends. */
  PROOFS_RATE_LIMITED: 'PROOFS_RATE_LIMITED',
  /** The requirement was scheduled for a date (`data.requiredFrom`), or the date moved (`data.previous`). */
  REQUIREMENT_SCHEDULED: 'REQUIREMENT_SCHEDULED',
  /** A scheduled date was cancelled before it came (`data.requiredFrom`). */
  REQUIREMENT_SCHEDULE_CANCELLED: 'REQUIREMENT_SCHEDULE_CANCELLED',
  /** The new members' window changed (`data.days`, `data.previous`). */
  NEW_MEMBER_WINDOW_CHANGED: 'NEW_MEMBER_WINDOW_CHANGED',
  /** A member was exempted (`data.reason`, `data.expiresAt`). */
  EXEMPTION_CREATED: 'EXEMPTION_CREATED',
  EXEMPTION_REVOKED: 'EXEMPTION_REVOKED',
  /** An exemption ran out (recorded by the rollout sweeper). */
  EXEMPTION_EXPIRED: 'EXEMPTION_EXPIRED',
  /** A new member's window ran out without 2FA (recorded by the rollout sweeper). */
  MEMBER_WINDOW_ENDED: 'MEMBER_WINDOW_ENDED',
  /** A reminder of the scheduled requirement went out as a campaign (`data.offsetDays`, `data.deadline`). */
  REMINDER_STARTED: 'REMINDER_STARTED',
  /** The reminder offsets changed (`data.offsets`). */
  REMINDER_OFFSETS_CHANGED: 'REMINDER_OFFSETS_CHANGED',
  /** An exemption ends within three days: the member and the administrators were told. */
  EXEMPTION_ENDING: 'EXEMPTION_ENDING',
  /** The organization's time zone for its mails changed (`data.timeZone`, `data.previous`). */
  TIME_ZONE_CHANGED: 'TIME_ZONE_CHANGED',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

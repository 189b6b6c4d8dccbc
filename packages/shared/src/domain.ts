export const Role = {
  LEGAL_REPRESENTATIVE: 'LEGAL_REPRESENTATIVE',
  ADMINISTRATOR: 'ADMINISTRATOR',
  USER: 'USER',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const MembershipKind = { INTERNAL: 'INTERNAL', EXTERNAL: 'EXTERNAL' } as const;
export type MembershipKind = (typeof MembershipKind)[keyof typeof MembershipKind];

/** What an organization makes of a member's second factors (PRODUCT.md, "Rollout"). */
export const Compliance = { COMPLIANT: 'COMPLIANT', EXEMPT: 'EXEMPT', IN_WINDOW: 'IN_WINDOW', NON_COMPLIANT: 'NON_COMPLIANT' } as const;
export type Compliance = (typeof Compliance)[keyof typeof Compliance];

/** Which client a session belongs to; `INTEGRATION` is an organization's API token. */
export const ClientKind = {
  WEB: 'WEB',
  DESKTOP: 'DESKTOP',
  MOBILE: 'MOBILE',
  INTEGRATION: 'INTEGRATION',
} as const;
export type ClientKind = (typeof ClientKind)[keyof typeof ClientKind];

/** Where a field may be reached; see the `@surface` directive in schema.graphql. */
export const Surface = {
  /** Anyone, signed in or not (sign-in, password reset, invitation acceptance). */
  PUBLIC: 'PUBLIC',
  /** The console and web apps; refused to a blocked user. The default. */
  WEB: 'WEB',
  /** Answers a blocked web user too. */
  WHILE_BLOCKED: 'WHILE_BLOCKED',
  /** The desktop and mobile apps; never blocked. */
  APP: 'APP',
  /** Integration tokens, with the scope the field names. */
  INTEGRATION: 'INTEGRATION',
} as const;
export type Surface = (typeof Surface)[keyof typeof Surface];

export const Scope = {
  MEMBERS_READ: 'members:read',
  AUDIT_READ: 'audit:read',
  ALERTS_SEND: 'alerts:send',
  POLICY_WRITE: 'policy:write',
  EVENTS_READ: 'events:read',
  WEBHOOKS_READ: 'webhooks:read',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];
export const ALL_SCOPES: readonly Scope[] = Object.values(Scope);

export const AlertState = { QUEUED: 'QUEUED', SENT: 'SENT', FAILED: 'FAILED' } as const;
export type AlertState = (typeof AlertState)[keyof typeof AlertState];

/**
 * Kinds of second factor. `SECURITY_KEY` and `PASSKEY` are WebAuthn credentials (a passkey is
 * discoverable or synced, per the authenticator's data); `RECOVERY_CODE` appears only among the
 * ways a sign-in may be finished, never as a method of its own.
 */
export const TwoFactorMethodKind = {
  TOTP: 'TOTP',
  SECURITY_KEY: 'SECURITY_KEY',
  PASSKEY: 'PASSKEY',
  RECOVERY_CODE: 'RECOVERY_CODE',
} as const;
export type TwoFactorMethodKind = (typeof TwoFactorMethodKind)[keyof typeof TwoFactorMethodKind];

/** Which second factors an organization accepts: any, or only phishing-resistant ones (security keys and passkeys). */
export const AllowedMethods = { ANY: 'ANY', PHISHING_RESISTANT: 'PHISHING_RESISTANT' } as const;
export type AllowedMethods = (typeof AllowedMethods)[keyof typeof AllowedMethods];

/** The method kinds that are phishing-resistant (bound to the site's origin by WebAuthn). */
export const PHISHING_RESISTANT_KINDS: readonly TwoFactorMethodKind[] = [TwoFactorMethodKind.SECURITY_KEY, TwoFactorMethodKind.PASSKEY];

/**
 * What a webhook endpoint may subscribe to: the schema's enum names, each with the `type` its
 * events carry in their JSON (`member.blocked`, …).
 */
export const WebhookEventType = {
  MEMBER_COMPLIANCE_CHANGED: 'member.compliance_changed',
  MEMBER_BLOCKED: 'member.blocked',
  MEMBER_UNBLOCKED: 'member.unblocked',
  MEMBER_JOINED: 'member.joined',
  MEMBER_LEFT: 'member.left',
  MEMBER_REMOVED: 'member.removed',
  EXEMPTION_CREATED: 'exemption.created',
  EXEMPTION_REVOKED: 'exemption.revoked',
  EXEMPTION_EXPIRED: 'exemption.expired',
  PLAN_CHANGED: 'plan.changed',
  REQUIREMENT_CHANGED: 'requirement.changed',
  ALERT_DELIVERED: 'alert.delivered',
  ALERT_FAILED: 'alert.failed',
  COMPLIANCE_COMPLETE: 'compliance.complete',
} as const;
export type WebhookEventType = keyof typeof WebhookEventType;

/** Names of the subscription events, as the schema exposes them. */
export const EventName = {
  MEMBER_SECURITY_CHANGED: 'memberSecurityChanged',
  ORGANIZATION_POLICY_CHANGED: 'organizationPolicyChanged',
  SECURITY_SUMMARY_CHANGED: 'securitySummaryChanged',
  VIEWER_ACCESS_CHANGED: 'viewerAccessChanged',
} as const;
export type EventName = (typeof EventName)[keyof typeof EventName];

/** The columns an administrator can show or hide in the member list. */
export const MemberColumn = {
  NAME: 'NAME',
  EMAIL: 'EMAIL',
  ROLE: 'ROLE',
  KIND: 'KIND',
  SECURITY: 'SECURITY',
  JOINED: 'JOINED',
  LAST_ALERTED: 'LAST_ALERTED',
} as const;
export type MemberColumn = (typeof MemberColumn)[keyof typeof MemberColumn];

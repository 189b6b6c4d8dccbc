import type { AllowedMethods, ClientKind, MembershipKind, Role, Scope, TwoFactorMethodKind } from '@twostep/shared';

export interface OrganizationRef {
  id: string;
  name: string;
}

/** One of the user's memberships, loaded with the session: authorization needs no extra read. */
export interface MembershipRef {
  organizationId: string;
  name: string;
  role: Role;
  kind: MembershipKind;
  twoFactorRequired: boolean;
  /** The methods the organization accepts. */
  allowedMethods: AllowedMethods;
  /** When the requirement was last switched (its start, while it is on). */
  policyChangedAt: string | null;
  /** The requirement is scheduled for this moment (ISO), or null. */
  requiredFrom: string | null;
  /** The member's own window ends then (ISO), or null. */
  deadlineAt: string | null;
  /** The member's open exemption runs until then (ISO), or null. */
  exemptUntil: string | null;
}

/** A person signed in through a session (web cookie, or desktop/mobile bearer token). */
export interface SessionPrincipal {
  kind: 'session';
  sessionId: string;
  client: Exclude<ClientKind, 'INTEGRATION'>;
  userId: string;
  email: string;
  displayName: string;
  twoFactorEnabled: boolean;
  /** The account has at least one security key or passkey. */
  phishingResistant: boolean;
  /** The factor this session was signed in with (null without 2FA, or for sessions older than keys). */
  secondFactor: TwoFactorMethodKind | null;
  /** When this principal was read: compliance and blocking are judged at this moment. */
  at: Date;
  /** When the password was last entered for this session (sign-in, or a password proof since). */
  passwordAt: Date;
  /** The user's memberships, loaded with the session in one statement. */
  memberships: MembershipRef[];
  /** Organizations of the user that require 2FA (derived from `memberships`). */
  requiringOrganizations: OrganizationRef[];
}

/** An organization's integration token: acts as the organization's integration, not as a person. */
export interface IntegrationPrincipal {
  kind: 'integration';
  tokenId: string;
  organizationId: string;
  organizationName: string;
  twoFactorRequired: boolean;
  scopes: ReadonlySet<Scope>;
}

export interface AnonymousPrincipal {
  kind: 'anonymous';
}

export type Principal = SessionPrincipal | IntegrationPrincipal | AnonymousPrincipal;

export const anonymous: AnonymousPrincipal = { kind: 'anonymous' };

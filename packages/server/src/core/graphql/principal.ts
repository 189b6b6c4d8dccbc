import type { ClientKind, Scope } from '@twostep/shared';

export interface OrganizationRef {
  id: string;
  name: string;
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
  /** Organizations of the user that require 2FA, loaded with the session in one statement. */
  requiringOrganizations: OrganizationRef[];
}

/** An organization's integration token: acts as the organization's integration, not as a person. */
export interface IntegrationPrincipal {
  kind: 'integration';
  tokenId: string;
  organizationId: string;
  scopes: ReadonlySet<Scope>;
}

export interface AnonymousPrincipal {
  kind: 'anonymous';
}

export type Principal = SessionPrincipal | IntegrationPrincipal | AnonymousPrincipal;

export const anonymous: AnonymousPrincipal = { kind: 'anonymous' };

/** Blocked: an organization of theirs requires 2FA and they have no method. */
export function isBlocked(principal: Principal): principal is SessionPrincipal {
  return principal.kind === 'session' && !principal.twoFactorEnabled && principal.requiringOrganizations.length > 0;
}

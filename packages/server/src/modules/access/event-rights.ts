import { ErrorCode, type Scope } from '@twostep/shared';
import { DomainError } from '../../core/errors.js';
import type { Principal } from '../../core/graphql/principal.js';
import { blockingOrganizations, twoFactorRequired, type OrganizationFacts } from './compliance.js';
import { scopePermissions, type Permission } from './permissions.js';

/** Who may receive an organization's events right now, read once per event and instance (by the live module). */
export interface EventAudience {
  /** When it was read: compliance is judged at this moment. */
  at: Date;
  /** People whose role holds the permission, with their 2FA state, their organizations with a requirement on or scheduled, and their live sessions. */
  people: Map<string, { twoFactorEnabled: boolean; phishingResistant: boolean; organizations: OrganizationFacts[]; sessions: Set<string> }>;
  /** Live integration tokens with their scopes. */
  tokens: Map<string, ReadonlySet<Scope>>;
}

/** What to do with a subscriber who may no longer receive the organization's events. */
export interface EventRefusal {
  error: DomainError;
  /** The credential itself is gone: close the whole socket (4403). */
  credentialGone: boolean;
}

/**
 * The per-event check of live updates: one subscriber against the audience read for the event.
 * Undefined means deliver. The same rules as a request: the permission table, the token's scopes,
 * and the block (compliance), which refuses a web subscriber with the gate's own error.
 */
export function eventRefusal(audience: EventAudience, principal: Principal, permission: Permission): EventRefusal | undefined {
  // Built only when refusing: this runs for every subscriber and event, and an error costs its stack.
  const gone = (): EventRefusal => ({
    error: new DomainError(ErrorCode.UNAUTHENTICATED, 'This session or token has ended.'),
    credentialGone: true,
  });
  const forbidden = (): EventRefusal => ({
    error: new DomainError(ErrorCode.FORBIDDEN, 'You may no longer watch this organization’s events.'),
    credentialGone: false,
  });
  switch (principal.kind) {
    case 'anonymous':
      return gone();
    case 'integration': {
      const scopes = audience.tokens.get(principal.tokenId);
      if (!scopes) return gone();
      return [...scopes].some((scope) => scopePermissions[scope]?.includes(permission)) ? undefined : forbidden();
    }
    case 'session': {
      const person = audience.people.get(principal.userId);
      if (!person) return forbidden();
      if (!person.sessions.has(principal.sessionId)) return gone();
      if (principal.client !== 'WEB') return undefined;
      const blocking = blockingOrganizations(person, person.organizations, audience.at);
      return blocking.length > 0 ? { error: twoFactorRequired(blocking), credentialGone: false } : undefined;
    }
  }
}

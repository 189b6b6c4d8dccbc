import { ErrorCode } from '@twostep/shared';
import { DomainError } from '../../core/errors.js';
import type { OrganizationRef, Principal, SessionPrincipal } from '../../core/graphql/principal.js';

/** What an organization makes of one account's second factors. */
export type Compliance = 'COMPLIANT' | 'NON_COMPLIANT';

/** The facts about an account that compliance depends on. */
export interface AccountFacts {
  twoFactorEnabled: boolean;
}

/** The facts about an organization that compliance and blocking depend on. */
export interface OrganizationFacts extends OrganizationRef {
  twoFactorRequired: boolean;
}

/**
 * Compliance of an account in an organization: compliant when it has a method that organization
 * accepts (today: any confirmed method). Rollout plans, exemptions and method policies change
 * exactly this, here.
 */
export function complianceIn(account: AccountFacts, _organization: OrganizationFacts): Compliance {
  return account.twoFactorEnabled ? 'COMPLIANT' : 'NON_COMPLIANT';
}

/** The organizations that block the account now: they require 2FA and find it non-compliant. */
export function blockingOrganizations(account: AccountFacts, organizations: readonly OrganizationFacts[]): OrganizationRef[] {
  return organizations
    .filter((organization) => organization.twoFactorRequired && complianceIn(account, organization) === 'NON_COMPLIANT')
    .map(({ id, name }) => ({ id, name }));
}

/** A signed-in person's organizations, as compliance reads them. */
export function organizationsOf(principal: SessionPrincipal): OrganizationFacts[] {
  return principal.memberships.map((m) => ({ id: m.organizationId, name: m.name, twoFactorRequired: m.twoFactorRequired }));
}

/** The organizations that block this caller now (none for tokens and the anonymous). */
export function blockingOrganizationsOf(principal: Principal): OrganizationRef[] {
  return principal.kind === 'session' ? blockingOrganizations(principal, organizationsOf(principal)) : [];
}

/** Blocked: at least one organization of theirs requires 2FA and finds them non-compliant (the block is on the account). */
export function isBlocked(principal: Principal): principal is SessionPrincipal {
  return blockingOrganizationsOf(principal).length > 0;
}

/** The refusal a blocked person meets on the web surface, naming only the organizations that block them. */
export function twoFactorRequired(organizations: OrganizationRef[]): DomainError {
  return new DomainError(
    ErrorCode.TWO_FACTOR_REQUIRED,
    'An organization you belong to requires two-step verification. Set it up to continue.',
    { organizations },
  );
}

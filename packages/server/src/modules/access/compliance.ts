import { AllowedMethods, ErrorCode } from '@twostep/shared';
import { DomainError } from '../../core/errors.js';
import type { OrganizationRef, Principal, SessionPrincipal } from '../../core/graphql/principal.js';

/** What an organization makes of one account's second factors (PRODUCT.md, "Rollout"). */
export type Compliance = 'COMPLIANT' | 'EXEMPT' | 'IN_WINDOW' | 'NON_COMPLIANT';

/** The facts about an account that compliance depends on. */
export interface AccountFacts {
  /** At least one confirmed method of any kind. */
  twoFactorEnabled: boolean;
  /** At least one security key or passkey. */
  phishingResistant: boolean;
}

/** The facts about an organization, and the account's place in it, that compliance and blocking depend on. */
export interface OrganizationFacts extends OrganizationRef {
  /** The requirement is switched on. */
  twoFactorRequired: boolean;
  /** The methods that count here: any, or only security keys and passkeys. */
  allowedMethods: AllowedMethods;
  /** The requirement is scheduled to switch on at this moment (null when not scheduled). */
  requiredFrom: Date | null;
  /** The member's own window ends then (they joined while a plan ran, with a window). */
  deadlineAt: Date | null;
  /** The member is exempt until then (an open exemption; null when none). */
  exemptUntil: Date | null;
}

/** The organization requires 2FA at `now`: switched on, or its scheduled date has come (the sweeper records it within seconds). */
export function requiresNow(organization: OrganizationFacts, now: Date): boolean {
  return organization.twoFactorRequired || (organization.requiredFrom !== null && organization.requiredFrom <= now);
}

/** The member's own deadline in the organization: the later of the plan's date and the end of their window (null when neither is ahead). */
export function deadlineIn(organization: OrganizationFacts, now: Date): Date | null {
  const ahead = [organization.requiredFrom, organization.deadlineAt].filter((d): d is Date => d !== null && d > now);
  return ahead.length === 0 ? null : new Date(Math.max(...ahead.map((d) => d.getTime())));
}

/** The account has a method the organization accepts: any confirmed one, or a key where only phishing-resistant methods count. */
export function hasAcceptedMethod(account: AccountFacts, organization: Pick<OrganizationFacts, 'allowedMethods'>): boolean {
  return organization.allowedMethods === AllowedMethods.PHISHING_RESISTANT ? account.phishingResistant : account.twoFactorEnabled;
}

/**
 * Compliance of an account in an organization at `now`: `COMPLIANT` with a method the
 * organization accepts (`hasAcceptedMethod`), else `EXEMPT` while an exemption runs, else
 * `IN_WINDOW` while their own deadline is ahead, else `NON_COMPLIANT`. `complianceSql` says the
 * same in SQL, for lists, filters and counts; a test holds the two together.
 */
export function complianceIn(account: AccountFacts, organization: OrganizationFacts, now: Date): Compliance {
  if (hasAcceptedMethod(account, organization)) return 'COMPLIANT';
  if (organization.exemptUntil !== null && organization.exemptUntil > now) return 'EXEMPT';
  if (deadlineIn(organization, now) !== null) return 'IN_WINDOW';
  return 'NON_COMPLIANT';
}

/** The column expressions `complianceSql` reads (the caller's query supplies them). */
export interface ComplianceColumns {
  twoFactorEnabled: string;
  phishingResistant: string;
  twoFactorRequired: string;
  allowedMethods: string;
  requiredFrom: string;
  deadlineAt: string;
  exemptUntil: string;
}

/**
 * `complianceIn` as an SQL expression over the caller's columns; `now` is bound as a parameter,
 * so the injectable clock rules in SQL too. Returns the text and its parameters, in order.
 */
export function complianceSql(c: ComplianceColumns, now: Date): { sql: string; params: Date[] } {
  return {
    sql: `(case when ${acceptedMethodSql(c)} then 'COMPLIANT'
             when ${c.exemptUntil} > ?::timestamptz then 'EXEMPT'
             when ${c.requiredFrom} > ?::timestamptz or ${c.deadlineAt} > ?::timestamptz then 'IN_WINDOW'
             else 'NON_COMPLIANT' end)`,
    params: [now, now, now],
  };
}

/** `hasAcceptedMethod` in SQL, over the caller's columns. */
export function acceptedMethodSql(c: Pick<ComplianceColumns, 'twoFactorEnabled' | 'phishingResistant' | 'allowedMethods'>): string {
  return `(case when ${c.allowedMethods} = 'PHISHING_RESISTANT' then ${c.phishingResistant} else ${c.twoFactorEnabled} end)`;
}

/** `requiresNow` in SQL, over the caller's columns, with `now` bound. */
export function requiresNowSql(
  c: Pick<ComplianceColumns, 'twoFactorRequired' | 'requiredFrom'>,
  now: Date,
): { sql: string; params: Date[] } {
  return { sql: `(${c.twoFactorRequired} or ${c.requiredFrom} <= ?::timestamptz)`, params: [now] };
}

/** The organizations that block the account at `now`: they require 2FA now and find it non-compliant. */
export function blockingOrganizations(account: AccountFacts, organizations: readonly OrganizationFacts[], now: Date): OrganizationRef[] {
  return organizations
    .filter((organization) => requiresNow(organization, now) && complianceIn(account, organization, now) === 'NON_COMPLIANT')
    .map(({ id, name }) => ({ id, name }));
}

/** The organizations where the account is in its window now, with its own deadline in each. */
export function deadlinesOf(
  account: AccountFacts,
  organizations: readonly OrganizationFacts[],
  now: Date,
): { organization: OrganizationRef; deadline: Date }[] {
  return organizations.flatMap((organization) => {
    const deadline = complianceIn(account, organization, now) === 'IN_WINDOW' ? deadlineIn(organization, now) : null;
    return deadline ? [{ organization: { id: organization.id, name: organization.name }, deadline }] : [];
  });
}

/** A signed-in person's organizations, as compliance reads them. */
export function organizationsOf(principal: SessionPrincipal): OrganizationFacts[] {
  return principal.memberships.map((m) => ({
    id: m.organizationId,
    name: m.name,
    twoFactorRequired: m.twoFactorRequired,
    allowedMethods: m.allowedMethods,
    requiredFrom: m.requiredFrom ? new Date(m.requiredFrom) : null,
    deadlineAt: m.deadlineAt ? new Date(m.deadlineAt) : null,
    exemptUntil: m.exemptUntil ? new Date(m.exemptUntil) : null,
  }));
}

/**
 * The organizations that block this caller now (none for tokens and the anonymous), at the moment
 * it was authenticated. A session signed in with a recovery code is also held, until it adds a key,
 * by each organization that requires 2FA now and accepts only keys: the key it had may be lost.
 */
export function blockingOrganizationsOf(principal: Principal): OrganizationRef[] {
  if (principal.kind !== 'session') return [];
  const organizations = organizationsOf(principal);
  const blocking = blockingOrganizations(principal, organizations, principal.at);
  if (principal.secondFactor !== 'RECOVERY_CODE') return blocking;
  const keyAsked = organizations.filter(
    (o) =>
      requiresNow(o, principal.at) &&
      o.allowedMethods === AllowedMethods.PHISHING_RESISTANT &&
      !blocking.some((b) => b.id === o.id) &&
      complianceIn(principal, o, principal.at) === 'COMPLIANT',
  );
  return [...blocking, ...keyAsked.map(({ id, name }) => ({ id, name }))];
}

/** Blocked: at least one organization of theirs requires 2FA now and finds them non-compliant (the block is on the account). */
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

/**
 * Access: every allow/deny decision of the server, in one room. The permission table and
 * `authorize` (who may do what inside an organization), the finer rules (people only, the actor's
 * own 2FA, who manages which role, no action on oneself), compliance (what an organization makes of
 * an account's second factors, and which organizations block it now), the surface rules the gate
 * applies to every document, and the per-event check of live updates. Resolvers, services, the
 * gate and the socket path call these functions; none decides on its own.
 */
export { Permission, rolePermissions, scopePermissions } from './permissions.js';
export { authorize, type OrganizationActor } from './authorize.js';
export { requirePerson, requireOwnTwoFactor, requireCanManageRole, refuseSelf, requireCanExempt } from './rules.js';
export {
  complianceIn,
  complianceSql,
  hasAcceptedMethod,
  acceptedMethodSql,
  requiresNow,
  requiresNowSql,
  deadlineIn,
  deadlinesOf,
  organizationsOf,
  blockingOrganizations,
  blockingOrganizationsOf,
  isBlocked,
  twoFactorRequired,
  type Compliance,
  type AccountFacts,
  type OrganizationFacts,
  type ComplianceColumns,
} from './compliance.js';
export { allowsSurface, judgeReach } from './surfaces.js';
export { eventRefusal, type EventAudience, type EventRefusal } from './event-rights.js';

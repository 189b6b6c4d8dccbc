/**
 * Organizations and their members: the member list with 2FA status, the security summary, roles,
 * removal, leaving, resets, and each administrator's member-list preferences. Who may do what is
 * the access module's to say.
 */
export { Organization } from './organization.entity.js';
export { Membership } from './membership.entity.js';
export { OrganizationsService } from './organizations.service.js';
export { MembersService, ALERT_INTERVAL_MS } from './members.service.js';
export { exemptAt, lastAlertedAt, lastManualAlertedAt, queryMembers } from './members.query.js';
export { OrganizationResolver, MemberConnectionResolver } from './organization.resolver.js';
export { MembersResolver } from './members.resolver.js';
export { AuditLogResolver } from './audit-log.resolver.js';
export { ViewerMembershipsResolver } from './viewer-memberships.resolver.js';
export { Organization as OrganizationNode, SecurityPolicy, ActorRef } from './organization.types.js';
export { Member, MemberConnection, MemberFilter, SecuritySummary, TwoFactorStatus } from './members.types.js';
export {
  accountOrganizations,
  hasHome,
  insertMembership,
  acceptedColumns,
  isMemberByEmail,
  memberContact,
  membersAmong,
  membershipsJsonOf,
  membershipsOf,
  organizationIdsOf,
  requiringOrganizationsOf,
  roleHolders,
  roleHolderContacts,
  setTwoFactorRequirement,
  setAllowedMethods,
  scheduleRequirement,
  cancelScheduledRequirement,
  setNewMemberWindow,
  switchDuePlans,
  recordEndedWindows,
  rolloutDueSql,
  reminderOffsetsOf,
  setReminderOffsets,
  setTimeZone,
  timeZoneOf,
} from './memberships.js';
export { ExemptionsService } from './exemptions.service.js';
export { ExemptionsResolver } from './exemptions.resolver.js';
export { Exemption } from './members.types.js';
export { protectionMailTemplates, mailLegalRepresentatives } from './protection-mails.js';

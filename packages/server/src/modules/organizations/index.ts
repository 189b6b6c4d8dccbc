/**
 * Organizations and their members: the member list with 2FA status, the security summary, roles,
 * removal and leaving, and each administrator's member-list preferences.
 */
export { Organization } from './organization.entity.js';
export { Membership } from './membership.entity.js';
export { OrganizationsService } from './organizations.service.js';
export { OrganizationResolver } from './organization.resolver.js';
export { Organization as OrganizationNode, SecurityPolicy, ActorRef } from './organization.types.js';
export { authorize, type OrganizationActor } from './organization-access.js';
export { Permission, rolePermissions, scopePermissions, canManageRole } from './permissions.js';

/**
 * Organizations and their members: the member list with 2FA status, the security summary, roles,
 * removal and leaving, and each administrator's member-list preferences.
 */
export { Organization } from './organization.entity.js';
export { Membership } from './membership.entity.js';

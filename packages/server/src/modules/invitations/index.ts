/**
 * Invitations: how people get into an organization. Administrators invite an address with a role
 * and kind, and list, resend and revoke invitations; the invitee previews the link and accepts it
 * with a new account or their existing one; the operator command founds an organization with an
 * invitation of its first legal representative. Joining obeys the 2FA requirement through the gate.
 */
export { Invitation } from './invitation.entity.js';
export { InvitationsService, INVITATION_LIFETIME_MS, type IssuedInvitation } from './invitations.service.js';
export { InvitationAcceptanceService } from './invitation-acceptance.service.js';
export { InvitationsResolver, InvitationAcceptanceResolver } from './invitations.resolver.js';
export { invitationMailTemplates, acceptanceLink } from './invitations.mails.js';
export { InvitationState } from './invitation-state.js';

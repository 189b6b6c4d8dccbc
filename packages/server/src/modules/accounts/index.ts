/**
 * Accounts and sessions: users, sign-in in one or two steps, web cookies and app tokens, password
 * and e-mail changes, password reset, and the `viewer` query. Sessions are loaded together with the
 * gate's state (`SessionService.authenticate`).
 */
export { User } from './user.entity.js';
export { Session, type SessionClient } from './session.entity.js';
export { OneTimeToken } from './one-time-token.entity.js';
export { AccountsService } from './accounts.service.js';
export { SessionService } from './session.service.js';
export { accountMailTemplates } from './accounts.mails.js';
export { SESSION_COOKIE } from './session-lifetimes.js';
export { credentialResolver, type CredentialResolver } from './credentials.js';
export { writeSessionCookie } from './session-cookie.js';
export { SignInResolver } from './sign-in.resolver.js';
export { AccountResolver } from './account.resolver.js';
export { ViewerResolver } from './viewer.resolver.js';
export { Access, OrganizationSummary, SecurityKeyOptions, Viewer, ViewerMembership } from './accounts.types.js';
export { accessOf } from './access.js';
export { validEmail, validDisplayName, validNewPassword } from './validation.js';
export { anyAccount, displayNameOf, insertUser, liveSessions, liveSessionsOf, recentUse } from './user-rows.js';

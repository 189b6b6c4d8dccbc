import { createBrowserRouter, Navigate } from 'react-router';
import { AccountPage } from '../features/accounts/account/AccountPage';
import { ConfirmEmailPage } from '../features/accounts/email/ConfirmEmailPage';
import { ForgotPasswordPage } from '../features/accounts/password-reset/ForgotPasswordPage';
import { ResetPasswordPage } from '../features/accounts/password-reset/ResetPasswordPage';
import { SignInPage } from '../features/accounts/sign-in/SignInPage';
import { AuditLogPage } from '../features/audit/AuditLogPage';
import { EvidenceReportPage } from '../features/compliance-history/EvidenceReportPage';
import { IntegrationTokensPage } from '../features/integration-tokens/IntegrationTokensPage';
import { AcceptInvitationPage } from '../features/invitations/AcceptInvitationPage';
import { InvitationsPage } from '../features/invitations/InvitationsPage';
import { MemberDrawer } from '../features/members/MemberDrawer';
import { MembersPage } from '../features/members/MembersPage';
import { OrganizationHomePage } from '../features/organizations/OrganizationHomePage';
import { LockoutPreviewPage } from '../features/security-policy/LockoutPreviewPage';
import { SecuritySettingsPage } from '../features/security-policy/SecuritySettingsPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { OrganizationLayout } from '../features/organizations/OrganizationLayout';
import { HomeRedirect } from './HomeRedirect';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';
import { SignedInLayout } from './SignedInLayout';

/**
 * The console's addresses. Signed-out pages stand alone; everything else goes through
 * `SignedInLayout` (sign-in redirect, the block, the shell). Organization pages live under
 * `/orgs/:orgId/`; a member's details open over the list at `members/:userId`. The mails link to
 * `/invitations/accept?token=…` and `/account/two-factor`.
 */
export function createRouter() {
  return createBrowserRouter([
    {
      errorElement: <RouteError />,
      children: [
        { path: '/sign-in', element: <SignInPage /> },
        { path: '/forgot-password', element: <ForgotPasswordPage /> },
        { path: '/reset-password', element: <ResetPasswordPage /> },
        { path: '/confirm-email', element: <ConfirmEmailPage /> },
        { path: '/invitations/accept', element: <AcceptInvitationPage /> },
        {
          element: <SignedInLayout />,
          children: [
            { index: true, element: <HomeRedirect /> },
            { path: 'account', element: <AccountPage /> },
            // The alert mail's link; the account page holds the setup.
            { path: 'account/two-factor', element: <Navigate to="/account" replace /> },
            {
              path: 'orgs/:orgId',
              element: <OrganizationLayout />,
              children: [
                { index: true, element: <OrganizationHomePage /> },
                { path: 'members', element: <MembersPage />, children: [{ path: ':userId', element: <MemberDrawer /> }] },
                { path: 'security', element: <SecuritySettingsPage /> },
                { path: 'security/lockout-preview', element: <LockoutPreviewPage /> },
                { path: 'evidence', element: <EvidenceReportPage /> },
                { path: 'audit', element: <AuditLogPage /> },
                { path: 'invitations', element: <InvitationsPage /> },
                { path: 'tokens', element: <IntegrationTokensPage /> },
                { path: 'webhooks', element: <WebhooksPage /> },
                { path: '*', element: <NotFoundPage /> },
              ],
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}

import { createBrowserRouter } from 'react-router';
import { AccountPage } from '../features/accounts/account/AccountPage';
import { ConfirmEmailPage } from '../features/accounts/email/ConfirmEmailPage';
import { ForgotPasswordPage } from '../features/accounts/password-reset/ForgotPasswordPage';
import { ResetPasswordPage } from '../features/accounts/password-reset/ResetPasswordPage';
import { SignInPage } from '../features/accounts/sign-in/SignInPage';
import { OrganizationHomePage } from '../features/organizations/OrganizationHomePage';
import { OrganizationLayout } from '../features/organizations/OrganizationLayout';
import { HomeRedirect } from './HomeRedirect';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';
import { SignedInLayout } from './SignedInLayout';

/**
 * The console's addresses. Signed-out pages stand alone; everything else goes through
 * `SignedInLayout` (sign-in redirect, the block, the shell). Organization pages live under
 * `/orgs/:orgId/` and arrive with their API.
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
        {
          element: <SignedInLayout />,
          children: [
            { index: true, element: <HomeRedirect /> },
            { path: 'account', element: <AccountPage /> },
            {
              path: 'orgs/:orgId',
              element: <OrganizationLayout />,
              children: [
                { index: true, element: <OrganizationHomePage /> },
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

import { Building2, House, KeyRound, MailPlus, ScrollText, Shield, UserRound, Users, Webhook } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, NavLink, useMatch } from 'react-router';
import { SignOutButton } from '../features/accounts/SignOutButton';
import { OrganizationSwitcher } from '../features/organizations/OrganizationSwitcher';
import { isAdministrator } from '../features/organizations/permissions';
import { DeadlineBanner } from '../features/two-factor/DeadlineBanner';
import { Logo } from '../ui/Logo';
import type { ShellViewer } from './viewer-context';

const navClass = ({ isActive }: { isActive: boolean }): string => (isActive ? 'nav__link is-active' : 'nav__link');

/** Header (organization switcher, who is signed in, sign-out), navigation, deadlines ahead, and the page. */
export function AppShell({ viewer, children }: { viewer: ShellViewer; children: ReactNode }) {
  const orgMatch = useMatch('/orgs/:orgId/*');
  const orgId = orgMatch?.params.orgId;
  const membership = orgId ? viewer.memberships.find((m) => m.organization.id === orgId) : undefined;
  const inOrganization = !!membership;
  const administrator = !!membership && isAdministrator(membership.role);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <div className="shell__bar">
          <Link to="/" className="logo-link" aria-label="Twostep home">
            <Logo />
          </Link>
          <OrganizationSwitcher memberships={viewer.memberships} currentId={inOrganization ? orgId : undefined} />
          <div className="shell__user">
            <span className="shell__name hide-narrow" title={viewer.email}>
              {viewer.displayName}
            </span>
            <SignOutButton compact />
          </div>
        </div>
        <nav className="nav" aria-label="Main">
          {inOrganization && (
            <NavLink to={`/orgs/${orgId}`} end className={navClass}>
              <House size={16} aria-hidden="true" />
              Overview
            </NavLink>
          )}
          {administrator && (
            <NavLink to={`/orgs/${orgId}/members`} className={navClass}>
              <Users size={16} aria-hidden="true" />
              Members
            </NavLink>
          )}
          {inOrganization && (
            <NavLink to={`/orgs/${orgId}/security`} className={navClass}>
              <Shield size={16} aria-hidden="true" />
              Security
            </NavLink>
          )}
          {administrator && (
            <>
              <NavLink to={`/orgs/${orgId}/audit`} className={navClass}>
                <ScrollText size={16} aria-hidden="true" />
                Audit log
              </NavLink>
              <NavLink to={`/orgs/${orgId}/invitations`} className={navClass}>
                <MailPlus size={16} aria-hidden="true" />
                Invitations
              </NavLink>
              <NavLink to={`/orgs/${orgId}/tokens`} className={navClass}>
                <KeyRound size={16} aria-hidden="true" />
                API tokens
              </NavLink>
              <NavLink to={`/orgs/${orgId}/webhooks`} className={navClass}>
                <Webhook size={16} aria-hidden="true" />
                Webhooks
              </NavLink>
            </>
          )}
          {!inOrganization && viewer.memberships.length > 0 && (
            <NavLink to="/" end className={navClass}>
              <Building2 size={16} aria-hidden="true" />
              Organization
            </NavLink>
          )}
          <NavLink to="/account" className={navClass}>
            <UserRound size={16} aria-hidden="true" />
            My account
          </NavLink>
        </nav>
      </header>
      <DeadlineBanner deadlines={viewer.access.deadlines} />
      <main className="shell__main" id="main">
        {children}
      </main>
    </div>
  );
}

import { Building2, House, UserRound } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, NavLink, useMatch } from 'react-router';
import { SignOutButton } from '../features/accounts/SignOutButton';
import { OrganizationSwitcher } from '../features/organizations/OrganizationSwitcher';
import { Logo } from '../ui/Logo';
import type { ShellViewer } from './viewer-context';

const navClass = ({ isActive }: { isActive: boolean }): string => (isActive ? 'nav__link is-active' : 'nav__link');

/** Header (organization switcher, who is signed in, sign-out), navigation, and the page. */
export function AppShell({ viewer, children }: { viewer: ShellViewer; children: ReactNode }) {
  const orgMatch = useMatch('/orgs/:orgId/*');
  const orgId = orgMatch?.params.orgId;
  const inOrganization = !!orgId && viewer.memberships.some((m) => m.organization.id === orgId);
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
      <main className="shell__main" id="main">
        {children}
      </main>
    </div>
  );
}

import { Building2 } from 'lucide-react';
import { useId } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { ShellMembership } from '../../app/viewer-context';
import { lastOrganization } from './last-organization';

/**
 * Which organization the console shows. A native select: keyboard, screen readers and phones
 * all know it. Switching keeps the page (members of A → members of B).
 */
export function OrganizationSwitcher({ memberships, currentId }: { memberships: ShellMembership[]; currentId: string | undefined }) {
  const id = useId();
  const navigate = useNavigate();
  const location = useLocation();
  if (memberships.length === 0) return null;
  const selected = currentId ?? lastOrganization() ?? memberships[0]!.organization.id;
  const current = memberships.find((m) => m.organization.id === selected) ?? memberships[0]!;

  if (memberships.length === 1) {
    return (
      <span className="org-switcher org-switcher--single">
        <Building2 size={16} aria-hidden="true" />
        <span className="org-switcher__name">{current.organization.name}</span>
      </span>
    );
  }

  const switchTo = (organizationId: string): void => {
    const rest = currentId ? location.pathname.replace(/^\/orgs\/[^/]+/, '') : '';
    void navigate(`/orgs/${organizationId}${rest}`);
  };

  return (
    <span className="org-switcher">
      <label htmlFor={id} className="visually-hidden">
        Current organization
      </label>
      <Building2 size={16} aria-hidden="true" className="org-switcher__icon" />
      <select id={id} className="org-switcher__select" value={current.organization.id} onChange={(event) => switchTo(event.target.value)}>
        {memberships.map((m) => (
          <option key={m.organization.id} value={m.organization.id}>
            {m.organization.name}
          </option>
        ))}
      </select>
    </span>
  );
}

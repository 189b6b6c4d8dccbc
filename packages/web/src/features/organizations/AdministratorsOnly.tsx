import { Lock } from 'lucide-react';
import type { ReactNode } from 'react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeading } from '../../ui/PageHeading';
import { isAdministrator } from './permissions';
import { useMembership } from './use-membership';

/** A page for legal representatives and administrators; anyone else is told why it is closed. */
export function AdministratorsOnly({ title, children }: { title: string; children: ReactNode }) {
  const { role, organization } = useMembership();
  if (isAdministrator(role)) return children;
  return (
    <div className="page">
      <PageHeading>{title}</PageHeading>
      <div className="card">
        <EmptyState icon={<Lock size={28} />} title="Only administrators see this page">
          <p>
            Legal representatives and administrators of {organization.name} manage its members, alerts and settings. Ask one of them if you
            need something changed.
          </p>
        </EmptyState>
      </div>
    </div>
  );
}

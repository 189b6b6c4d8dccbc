import { Building2 } from 'lucide-react';
import { Link } from 'react-router';
import { useViewer } from '../../../app/viewer-context';
import { formatDate } from '../../../lib/format';
import { Badge } from '../../../ui/Badge';
import { EmptyState } from '../../../ui/EmptyState';
import { Section } from '../../../ui/Section';
import { LeaveOrganizationButton } from '../../organizations/LeaveOrganizationButton';
import { kindLabels, roleLabels } from '../../organizations/organization-labels';

export function MembershipsSection() {
  const { memberships } = useViewer();
  return (
    <Section
      title="Your organizations"
      description={
        memberships.some((m) => m.kind === 'EXTERNAL')
          ? 'Where you are a member, and whether each requires two-step verification. Where you are an external member, you may leave.'
          : 'Where you are a member, and whether each requires two-step verification.'
      }
    >
      {memberships.length === 0 ? (
        <EmptyState icon={<Building2 size={28} />} title="You are not in any organization yet">
          <p>When an organization invites you, it appears here.</p>
        </EmptyState>
      ) : (
        <ul className="list">
          {memberships.map(({ organization, role, kind, joinedAt }) => (
            <li key={organization.id} className="list__item">
              <div className="list__main">
                <Link to={`/orgs/${organization.id}`} className="list__title text-link">
                  {organization.name}
                </Link>
                <span className="muted small">
                  {roleLabels[role]} · {kindLabels[kind]} · joined {formatDate(joinedAt)}
                </span>
              </div>
              {organization.twoFactorRequired ? <Badge tone="info">Requires 2FA</Badge> : <Badge>2FA optional</Badge>}
              {kind === 'EXTERNAL' && <LeaveOrganizationButton organization={organization} onLeft={() => undefined} />}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

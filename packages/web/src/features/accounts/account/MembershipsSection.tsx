import { Building2 } from 'lucide-react';
import { Link } from 'react-router';
import { useViewer } from '../../../app/viewer-context';
import { formatDate, formatDateTime } from '../../../lib/format';
import { Badge } from '../../../ui/Badge';
import { EmptyState } from '../../../ui/EmptyState';
import { Section } from '../../../ui/Section';
import { LeaveOrganizationButton } from '../../organizations/LeaveOrganizationButton';
import { kindLabels, roleLabels } from '../../organizations/organization-labels';

/** Whether the organization requires 2FA of the viewer: now, from their deadline (its date is under the name), or not. */
function RequirementBadge({ required, deadline }: { required: boolean; deadline: string | undefined }) {
  if (required) return <Badge tone="info">Requires 2FA</Badge>;
  if (deadline) return <Badge tone="warning">Requires 2FA soon</Badge>;
  return <Badge>2FA optional</Badge>;
}

export function MembershipsSection() {
  const { memberships, access } = useViewer();
  // Where the viewer has a deadline ahead (the plan's date, or their new-member window).
  const deadlines = new Map(access.deadlines.map((item) => [item.organization.id, item.deadline]));
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
          {memberships.map(({ organization, role, kind, joinedAt }) => {
            const deadline = deadlines.get(organization.id);
            return (
              <li key={organization.id} className="list__item">
                <div className="list__main">
                  <Link to={`/orgs/${organization.id}`} className="list__title text-link">
                    {organization.name}
                  </Link>
                  <span className="muted small">
                    {roleLabels[role]} · {kindLabels[kind]} · joined {formatDate(joinedAt)}
                    {deadline && ` · your deadline: ${formatDateTime(deadline)}`}
                  </span>
                </div>
                <RequirementBadge required={organization.twoFactorRequired} deadline={deadline} />
                {kind === 'EXTERNAL' && <LeaveOrganizationButton organization={organization} onLeft={() => undefined} />}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

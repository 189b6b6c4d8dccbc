import { useParams } from 'react-router';
import { useViewer, type ShellMembership } from '../../app/viewer-context';

/** The viewer's membership of the organization in the address; `OrganizationLayout` guarantees it. */
export function useMembership(): ShellMembership {
  const { orgId } = useParams();
  const membership = useViewer().memberships.find((m) => m.organization.id === orgId);
  if (!membership) throw new Error('useMembership is only available under /orgs/:orgId');
  return membership;
}

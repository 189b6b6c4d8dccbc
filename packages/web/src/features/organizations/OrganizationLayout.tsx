import { useEffect } from 'react';
import { Outlet, useParams } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage';
import { useViewer } from '../../app/viewer-context';
import { rememberOrganization } from './last-organization';

/** `/orgs/:orgId/…`: only organizations the viewer belongs to; remembered for the next visit. */
export function OrganizationLayout() {
  const { orgId } = useParams();
  const { memberships } = useViewer();
  const membership = memberships.find((m) => m.organization.id === orgId);
  useEffect(() => {
    if (membership) rememberOrganization(membership.organization.id);
  }, [membership]);
  if (!membership) return <NotFoundPage what="organization" />;
  return <Outlet />;
}

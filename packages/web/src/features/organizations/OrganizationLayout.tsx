import { useApolloClient } from '@apollo/client/react';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { Outlet, useParams } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage';
import { useViewer } from '../../app/viewer-context';
import { useOrganizationLive } from '../live/use-organization-live';
import { rememberOrganization } from './last-organization';
import { isAdministrator } from './permissions';

/**
 * `/orgs/:orgId/…`: only organizations the viewer belongs to; remembered for the next visit.
 * Administrators follow the organization's live events here, once for all its pages.
 */
export function OrganizationLayout() {
  const { orgId = '' } = useParams();
  const { memberships } = useViewer();
  const membership = memberships.find((m) => m.organization.id === orgId);
  const client = useApolloClient();
  const shown = useRef(orgId);
  useEffect(() => {
    if (membership) rememberOrganization(membership.organization.id);
  }, [membership]);
  // Member rows are cached by user id, and one person can be a member of two organizations with
  // different roles: on a switch, forget the rows of the previous one before any page reads them.
  // (Before paint, so no row of the other organization is ever seen.)
  useLayoutEffect(() => {
    if (shown.current === orgId) return;
    shown.current = orgId;
    const stored = client.cache.extract() as Record<string, unknown>;
    for (const id of Object.keys(stored)) if (id.startsWith('Member:')) client.cache.evict({ id });
    client.cache.gc();
  }, [client, orgId]);
  useOrganizationLive(orgId, !!membership && isAdministrator(membership.role));
  if (!membership) return <NotFoundPage what="organization" />;
  return <Outlet />;
}

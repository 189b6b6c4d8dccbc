import { Navigate } from 'react-router';
import { lastOrganization } from '../features/organizations/last-organization';
import { useViewer } from './viewer-context';

/** "/": the organization opened last (or the first one); without any, the account page. */
export function HomeRedirect() {
  const { memberships } = useViewer();
  const last = lastOrganization();
  const target = memberships.find((m) => m.organization.id === last) ?? memberships[0];
  return <Navigate to={target ? `/orgs/${target.organization.id}` : '/account'} replace />;
}

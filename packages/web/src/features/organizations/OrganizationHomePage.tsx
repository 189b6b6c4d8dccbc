import { useQuery } from '@apollo/client/react';
import { CalendarClock, ShieldCheck, ShieldOff } from 'lucide-react';
import { Link } from 'react-router';
import { useViewer } from '../../app/viewer-context';
import { SecurityPolicyDocument } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Badge } from '../../ui/Badge';
import { PageHeading } from '../../ui/PageHeading';
import { Section } from '../../ui/Section';
import { ComplianceHistorySection } from '../compliance-history/ComplianceHistorySection';
import { ComplianceCard } from '../members/ComplianceCard';
import { kindLabels, roleLabels } from './organization-labels';
import { isAdministrator } from './permissions';
import { useMembership } from './use-membership';

/** The organization's home: its 2FA requirement, the viewer's place in it, and for administrators the live compliance. */
export function OrganizationHomePage() {
  const membership = useMembership();
  const viewer = useViewer();
  const { organization } = membership;
  useDocumentTitle(organization.name);
  // The scheduled date, from the policy itself (kept live for administrators); the shell's copy until it loads.
  const { data } = useQuery(SecurityPolicyDocument, { variables: { id: organization.id } });
  const policy = data?.organization.securityPolicy;
  const requiredFrom = policy ? policy.requiredFrom : organization.requiredFrom;
  return (
    <div className="page">
      <PageHeading description={`${roleLabels[membership.role]} · ${kindLabels[membership.kind]} since ${formatDate(membership.joinedAt)}`}>
        {organization.name}
      </PageHeading>
      {isAdministrator(membership.role) && <ComplianceCard organizationId={organization.id} />}
      {isAdministrator(membership.role) && <ComplianceHistorySection organizationId={organization.id} />}
      <div className="grid-2">
        <Section
          title="Two-step verification policy"
          actions={
            <Link to={`/orgs/${organization.id}/security`} className="text-link small">
              Security settings
            </Link>
          }
        >
          <div className="status-line">
            {organization.twoFactorRequired ? (
              <ShieldCheck className="status-line__icon is-good" size={28} aria-hidden="true" />
            ) : requiredFrom ? (
              <CalendarClock className="status-line__icon is-warning" size={28} aria-hidden="true" />
            ) : (
              <ShieldOff className="status-line__icon is-neutral" size={28} aria-hidden="true" />
            )}
            <div>
              <p className="status-line__title">
                {organization.twoFactorRequired
                  ? 'Required for every member'
                  : requiredFrom
                    ? `Required from ${formatDateTime(requiredFrom)}`
                    : 'Not required'}
              </p>
              <p className="muted small">
                {organization.twoFactorRequired
                  ? organization.twoFactorRequiredSince
                    ? `Since ${formatDate(organization.twoFactorRequiredSince)}. Members without it are blocked until they set it up.`
                    : 'Members without it are blocked until they set it up.'
                  : requiredFrom
                    ? 'Until then members may sign in with a password alone; from then on, those without it are blocked until they set it up.'
                    : 'Members may sign in with a password alone.'}
              </p>
            </div>
          </div>
        </Section>
        <Section title="Your account">
          <div className="status-line">
            {viewer.twoFactorEnabled ? (
              <ShieldCheck className="status-line__icon is-good" size={28} aria-hidden="true" />
            ) : (
              <ShieldOff className="status-line__icon is-bad" size={28} aria-hidden="true" />
            )}
            <div>
              <p className="status-line__title">
                Two-step verification {viewer.twoFactorEnabled ? <Badge tone="success">On</Badge> : <Badge tone="danger">Off</Badge>}
              </p>
              <p className="muted small">
                {viewer.twoFactorEnabled
                  ? 'Your sign-in asks for a code from your authenticator app.'
                  : 'Anyone with your password can sign in as you.'}{' '}
                <Link to="/account" className="text-link">
                  {viewer.twoFactorEnabled ? 'Manage' : 'Set it up'}
                </Link>
              </p>
            </div>
          </div>
        </Section>
      </div>
    </div>
  );
}

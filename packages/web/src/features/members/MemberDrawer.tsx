import { useQuery } from '@apollo/client/react';
import { ScrollText } from 'lucide-react';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useViewer } from '../../app/viewer-context';
import { MemberDetailsDocument, SecurityPolicyDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDate } from '../../lib/format';
import { Drawer } from '../../ui/Drawer';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { AlertHistory } from '../alerts/AlertHistory';
import { SendAlertPanel } from '../alerts/SendAlertPanel';
import { kindLabels, roleLabels } from '../organizations/organization-labels';
import { canManageRole } from '../organizations/permissions';
import { useMembership } from '../organizations/use-membership';
import { MemberCompliance } from './MemberCompliance';
import { MemberMethods } from './MemberMethods';
import { RemoveMemberButton } from './RemoveMemberButton';
import { ResetSecondFactorsButton } from './ResetSecondFactorsButton';
import { RoleControl } from './RoleControl';
import { SecurityStatus } from './SecurityStatus';

/** `members/:userId`: one member over the list, with what can be done about them. */
export function MemberDrawer() {
  const { userId = '' } = useParams();
  const { organization, role: actorRole } = useMembership();
  const viewer = useViewer();
  const location = useLocation();
  const navigate = useNavigate();
  const [notice, setNotice] = useState<string | null>(null);
  const { data, error } = useQuery(MemberDetailsDocument, { variables: { id: organization.id, userId } });
  const member = data?.organization.member;
  // Which methods count here (the settings' answer, usually in the cache already).
  const policy = useQuery(SecurityPolicyDocument, { variables: { id: organization.id } }).data?.organization.securityPolicy;
  const close = (): void => void navigate(`/orgs/${organization.id}/members${location.search}`);

  const self = member?.id === viewer.id;
  const manageable = !!member && !self && canManageRole(actorRole, member.role);
  return (
    <Drawer
      open
      onOpenChange={(open) => !open && close()}
      title={member?.displayName ?? 'Member'}
      description={member ? `${member.email} · ${roleLabels[member.role]} · ${kindLabels[member.kind]}` : undefined}
    >
      {!member ? (
        error ? (
          <Notice tone="error" title="This member could not load">
            {describeError(error, { NOT_FOUND: 'This person is not a member of the organization any more.' }).message}
          </Notice>
        ) : (
          <LoadingState label="Loading the member…" />
        )
      ) : (
        <div className="stack-lg">
          {notice && <Notice tone="success">{notice}</Notice>}
          <section className="stack-sm" aria-labelledby="member-security">
            <h3 id="member-security" className="drawer__section-title">
              Two-step verification
            </h3>
            <div className="status-line">
              <SecurityStatus enabled={member.twoFactorEnabled} withText />
            </div>
            {member.twoFactorEnabled && <MemberMethods organizationName={organization.name} kinds={member.methodKinds} policy={policy} />}
            {/* Without 2FA, or with a method that does not count here: they may be asked to set one up. */}
            {member.compliance !== 'COMPLIANT' && (
              <SendAlertPanel organizationId={organization.id} organizationName={organization.name} member={member} />
            )}
          </section>

          <MemberCompliance
            key={member.id}
            organization={organization}
            member={member}
            viewer={{ id: viewer.id, role: actorRole, twoFactorEnabled: viewer.twoFactorEnabled }}
            onNotice={setNotice}
          />

          <section className="stack-sm" aria-labelledby="member-alerts">
            <h3 id="member-alerts" className="drawer__section-title">
              Alerts
            </h3>
            <AlertHistory alerts={member.alerts} />
          </section>

          <section className="stack-sm" aria-labelledby="member-membership">
            <h3 id="member-membership" className="drawer__section-title">
              Membership
            </h3>
            <dl className="facts">
              <div>
                <dt>Kind</dt>
                <dd>{kindLabels[member.kind]}</dd>
              </div>
              <div>
                <dt>Joined</dt>
                <dd>{formatDate(member.joinedAt)}</dd>
              </div>
            </dl>
            {self ? (
              <p className="muted small">This is you. Your own account is managed from My account.</p>
            ) : manageable ? (
              <RoleControl key={member.id} organizationId={organization.id} member={member} actorRole={actorRole} />
            ) : (
              <p className="muted small">Only a legal representative changes or removes a legal representative.</p>
            )}
          </section>

          {manageable && (
            <section className="stack-sm" aria-labelledby="member-actions">
              <h3 id="member-actions" className="drawer__section-title">
                Access
              </h3>
              {member.kind === 'INTERNAL' ? (
                member.twoFactorEnabled && (
                  <ResetSecondFactorsButton
                    organizationId={organization.id}
                    member={member}
                    required={organization.twoFactorRequired}
                    onReset={() => setNotice(`${member.displayName}'s second factors are reset; they were signed out and told by e-mail.`)}
                  />
                )
              ) : (
                <p className="muted small">
                  An external member's second factors protect their other organizations too, so only they can change them.
                </p>
              )}
              <RemoveMemberButton organizationId={organization.id} organizationName={organization.name} member={member} onRemoved={close} />
            </section>
          )}

          <Link to={`/orgs/${organization.id}/audit?member=${member.id}`} className="text-link inline-icon">
            <ScrollText size={16} aria-hidden="true" />
            What happened to {member.displayName} (audit log)
          </Link>
        </div>
      )}
    </Drawer>
  );
}

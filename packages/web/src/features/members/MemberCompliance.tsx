import { useState } from 'react';
import type { Role } from '@twostep/shared';
import type { MemberDetailsFragment } from '../../gql/graphql';
import { formatCountdown, formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { Button } from '../../ui/Button';
import { canExempt } from '../organizations/permissions';
import { ComplianceBadge } from './ComplianceBadge';
import { ExemptDialog } from './ExemptDialog';
import { RevokeExemptionButton } from './RevokeExemptionButton';

export interface MemberComplianceProps {
  organization: { id: string; name: string; twoFactorRequired: boolean };
  member: MemberDetailsFragment;
  viewer: { id: string; role: Role; twoFactorEnabled: boolean };
  onNotice: (message: string) => void;
}

/**
 * The drawer's "Requirement": what the organization makes of the member (their exemption, their
 * deadline, since when they are blocked), and exempting or revoking for those who may.
 */
export function MemberCompliance({ organization, member, viewer, onNotice }: MemberComplianceProps) {
  const [exempting, setExempting] = useState(false);
  const now = useNow(30_000, member.compliance === 'IN_WINDOW');
  const self = member.id === viewer.id;
  const allowed = canExempt(viewer.role, member.role);
  const mayExempt = !self && allowed && viewer.twoFactorEnabled;
  const exemption = member.exemption;
  // Without a method the organization accepts (no 2FA, or only an app where only keys count).
  const unprotected = member.compliance !== 'COMPLIANT';

  return (
    <section className="stack-sm" aria-labelledby="member-compliance">
      <h3 id="member-compliance" className="drawer__section-title">
        Requirement
      </h3>
      <div className="status-line">
        <ComplianceBadge member={member} />
      </div>
      {member.compliance === 'COMPLIANT' && <p className="muted small">Has a second factor {organization.name} accepts.</p>}
      {member.compliance === 'IN_WINDOW' && member.deadline && (
        <p className="small" data-testid="member-deadline">
          Must set up two-step verification by {formatDateTime(member.deadline)} ({formatCountdown(member.deadline, now)}).
        </p>
      )}
      {member.compliance === 'NON_COMPLIANT' && !member.blockedSince && (
        <p className="muted small">Not stopped now: {organization.name} does not require two-step verification yet.</p>
      )}
      {(exemption || member.blockedSince) && (
        <dl className="facts facts--wide">
          {exemption && (
            <>
              <div>
                <dt>Exempt until</dt>
                <dd>{formatDateTime(exemption.expiresAt)}</dd>
              </div>
              <div>
                <dt>Reason</dt>
                <dd className="facts__text">{exemption.reason}</dd>
              </div>
              <div>
                <dt>Exempted by</dt>
                <dd>
                  {exemption.createdBy?.name ?? 'a removed account or token'}, {formatDateTime(exemption.createdAt)}
                </dd>
              </div>
            </>
          )}
          {member.blockedSince && (
            <div>
              <dt>Blocked since</dt>
              <dd>{formatDateTime(member.blockedSince)}</dd>
            </div>
          )}
          {member.blockedSince && (
            <div>
              <dt>First stopped</dt>
              <dd>{member.blockedAttemptAt ? formatDateTime(member.blockedAttemptAt) : 'Not yet (no attempt on the web)'}</dd>
            </div>
          )}
        </dl>
      )}
      {mayExempt ? (
        exemption ? (
          <div className="button-row">
            <Button onClick={() => setExempting(true)}>Change the exemption</Button>
            <RevokeExemptionButton organization={organization} member={member} onRevoked={onNotice} />
          </div>
        ) : (
          unprotected && <Button onClick={() => setExempting(true)}>Exempt from the requirement</Button>
        )
      ) : (
        !self &&
        (exemption || unprotected) && (
          <p className="muted small">
            {allowed
              ? 'To exempt members, turn on two-step verification for your own account first.'
              : 'Only a legal representative exempts an administrator or a legal representative.'}
          </p>
        )
      )}
      {exempting && (
        <ExemptDialog
          organization={organization}
          member={member}
          open
          onClose={() => setExempting(false)}
          onDone={(message) => {
            setExempting(false);
            onNotice(message);
          }}
        />
      )}
    </section>
  );
}

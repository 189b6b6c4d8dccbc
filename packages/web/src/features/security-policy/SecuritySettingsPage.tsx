import { useQuery } from '@apollo/client/react';
import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useViewer } from '../../app/viewer-context';
import { SecurityPolicyDocument } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { PageHeading } from '../../ui/PageHeading';
import { Section } from '../../ui/Section';
import { Switch } from '../../ui/Switch';
import { EvidenceForAuditors } from '../compliance-history/EvidenceForAuditors';
import { isAdministrator } from '../organizations/permissions';
import { useMembership } from '../organizations/use-membership';
import { AllowedMethodsSection } from './AllowedMethodsSection';
import { ConfirmRequirementDialog } from './ConfirmRequirementDialog';
import { NewMemberWindowSection } from './NewMemberWindowSection';
import { PolicyHistory } from './PolicyHistory';
import { RolloutPlanSection } from './RolloutPlanSection';
import { TimeZoneSection } from './TimeZoneSection';

/**
 * The organization's security settings, its rollout plan: the "Require 2FA for all users" switch
 * (require now), which methods count (any, or only security keys and passkeys), a date from which
 * it turns on by itself with its reminders, the new members' window, and the time zone of the
 * organization's e-mails. Everyone sees them; legal
 * representatives and administrators who have 2FA themselves may change them (after a
 * confirmation), and anyone else is told why they may not.
 */
export function SecuritySettingsPage() {
  const membership = useMembership();
  const { organization } = membership;
  const viewer = useViewer();
  useDocumentTitle(`Security settings · ${organization.name}`);
  const titleId = useId();
  const reasonId = useId();
  const refusalRef = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const [refusalShown, setRefusalShown] = useState(false);
  const { data } = useQuery(SecurityPolicyDocument, { variables: { id: organization.id } });
  const policy = data?.organization.securityPolicy;
  const administrator = isAdministrator(membership.role);

  const refusal = !administrator
    ? `Only the legal representatives and administrators of ${organization.name} can change this setting.`
    : !viewer.twoFactorEnabled
      ? 'To require two-step verification of others, turn it on for your own account first.'
      : null;

  const request = (next: boolean): void => {
    if (refusal) {
      setRefusalShown(true);
      // Said again, and where the eyes are, for those who clicked anyway.
      window.setTimeout(() => refusalRef.current?.focus(), 0);
      return;
    }
    setConfirming(next);
  };

  return (
    <div className="page">
      <PageHeading description={`How members of ${organization.name} sign in.`}>Security settings</PageHeading>
      <Section title="Two-step verification">
        {!policy ? (
          <LoadingState label="Loading the setting…" />
        ) : (
          <div className="stack">
            <div className="setting">
              <div className="setting__text">
                <p className="setting__title" id={titleId}>
                  Require 2FA for all users
                </p>
                <p className="muted small" data-testid="policy-status">
                  {policy.twoFactorRequired
                    ? `On${policy.changedAt ? ` since ${formatDateTime(policy.changedAt)}` : ''}${policy.changedBy ? `, by ${policy.changedBy.name}` : ''}. Members without it are stopped at their next action until they set it up.`
                    : policy.requiredFrom
                      ? `Off until ${formatDateTime(policy.requiredFrom)}, then on by itself (see the rollout plan). Switch it on to require it now.`
                      : 'Off. Members may sign in with a password alone.'}
                </p>
              </div>
              <Switch
                checked={policy.twoFactorRequired}
                unavailable={!!refusal}
                onRequestChange={request}
                aria-labelledby={titleId}
                aria-describedby={refusal ? reasonId : undefined}
              />
            </div>
            {refusal && (
              <div ref={refusalRef} tabIndex={-1} id={reasonId}>
                <Notice
                  tone={refusalShown ? 'warning' : 'info'}
                  title={refusalShown ? 'You cannot change this setting' : undefined}
                  live={refusalShown}
                >
                  {refusal}{' '}
                  {administrator && (
                    <Link to="/account" className="text-link">
                      Set up two-step verification
                    </Link>
                  )}
                </Notice>
              </div>
            )}
          </div>
        )}
      </Section>
      {policy && (
        <>
          <AllowedMethodsSection organization={organization} policy={policy} refused={!!refusal} />
          <RolloutPlanSection organization={organization} policy={policy} refused={!!refusal} administrator={administrator} />
          <NewMemberWindowSection organization={organization} days={policy.newMemberWindowDays} refused={!!refusal} />
          <TimeZoneSection organizationId={organization.id} timeZone={policy.timeZone} refused={!!refusal} />
        </>
      )}
      {administrator && <PolicyHistory organizationId={organization.id} />}
      {administrator && <EvidenceForAuditors organizationId={organization.id} />}
      {confirming !== null && (
        <ConfirmRequirementDialog
          organization={organization}
          required={confirming}
          scheduled={!!policy?.requiredFrom}
          open
          onClose={() => setConfirming(null)}
        />
      )}
    </div>
  );
}

import { useMutation, useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { useState } from 'react';
import { NonCompliantPreviewDocument, SetTwoFactorRequirementDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { policyRefetches, writePolicy } from './policy-cache';

export interface ConfirmRequirementDialogProps {
  organization: { id: string; name: string };
  /** What the requirement becomes on confirmation. */
  required: boolean;
  /** A date is scheduled (requiring now, or lifting, drops it). */
  scheduled?: boolean;
  open: boolean;
  onClose: () => void;
}

/**
 * The window that confirms switching the requirement: how many members are not compliant yet,
 * who (the first few), and exactly what happens to them.
 */
export function ConfirmRequirementDialog({ organization, required, scheduled = false, open, onClose }: ConfirmRequirementDialogProps) {
  const [error, setError] = useState<string | null>(null);
  const preview = useQuery(NonCompliantPreviewDocument, {
    variables: { id: organization.id },
    skip: !open || !required,
    fetchPolicy: 'network-only',
  });
  const [save, { loading }] = useMutation(SetTwoFactorRequirementDocument, {
    update: (cache, { data }) => writePolicy(cache, organization.id, data?.setTwoFactorRequirement),
    refetchQueries: policyRefetches,
  });

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      await save({ variables: { input: { organizationId: organization.id, required, confirm: true } } });
      onClose();
    } catch (caught) {
      setError(describeError(caught).message);
    }
  };

  const org = preview.data?.organization;
  const missing = org?.securitySummary.withoutTwoFactor ?? 0;
  const names = org?.members.edges.map((edge) => edge.node.displayName) ?? [];
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && onClose()}
      busy={loading}
      title={required ? `Require two-step verification in ${organization.name}?` : `Stop requiring two-step verification?`}
    >
      {required ? (
        !org ? (
          <LoadingState label="Counting the members without 2FA…" />
        ) : (
          <div className="stack" data-testid="requirement-consequences">
            {scheduled && <p>This starts the requirement now, instead of at the scheduled date.</p>}
            {missing === 0 ? (
              <p>Every one of the {org.securitySummary.members} members already has two-step verification. Nobody will be stopped.</p>
            ) : (
              <>
                <p>
                  <strong>
                    {missing} of {org.securitySummary.members} members
                  </strong>{' '}
                  {missing === 1 ? 'does' : 'do'} not have two-step verification yet
                  {names.length > 0 && (
                    <>
                      : {names.join(', ')}
                      {missing > names.length && ` and ${missing - names.length} more`}
                    </>
                  )}
                  .
                </p>
                <ul className="bullets">
                  {org.securitySummary.exempt > 0 && (
                    <li>
                      {org.securitySummary.exempt === 1
                        ? 'One of them is exempt and is'
                        : `${org.securitySummary.exempt} of them are exempt and are`}{' '}
                      not stopped until the exemption ends.
                    </li>
                  )}
                  <li>
                    At their next action in the console or web apps, they are stopped and asked to set it up; nothing else works until they
                    do.
                  </li>
                  <li>Sessions they already have open are stopped too, at once.</li>
                  <li>The desktop and mobile apps keep working for them.</li>
                  <li>External members may leave the organization instead.</li>
                </ul>
                <p className="small">
                  Not warned yet?{' '}
                  <Link to={`/orgs/${organization.id}/members?twoFactor=DISABLED`} className="text-link" onClick={onClose}>
                    See them and warn them first
                  </Link>
                  .
                </p>
              </>
            )}
          </div>
        )
      ) : (
        <p>
          Members without two-step verification can use the console and web apps again with their password alone. Those who set it up keep
          it.
        </p>
      )}
      {error && <Notice tone="error">{error}</Notice>}
      <div className="form-row form-row--end">
        <Button onClick={onClose} disabled={loading}>
          Cancel
        </Button>
        <Button variant={required ? 'primary' : 'danger'} busy={loading} disabled={required && !org} onClick={() => void confirm()}>
          {required ? 'Require 2FA' : 'Stop requiring 2FA'}
        </Button>
      </div>
    </Dialog>
  );
}

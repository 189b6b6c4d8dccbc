import { useMutation, useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { useState } from 'react';
import { LockoutPreviewDocument, SetTwoFactorRequirementDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { LockoutPreviewPanel, lockoutVariables } from './LockoutPreviewPanel';
import { policyRefetches, writePolicy } from './policy-cache';

/** Names in the confirmation window's preview, a page at a time. */
const PREVIEW_PAGE = 5;

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
 * The window that confirms switching the requirement: who would be blocked now, by name, and
 * exactly what happens to them.
 */
export function ConfirmRequirementDialog({ organization, required, scheduled = false, open, onClose }: ConfirmRequirementDialogProps) {
  const [error, setError] = useState<string | null>(null);
  // Without a date the preview's default moment is the server's now; with one, that date, so now
  // is said explicitly (once: the question stays the same while the window is open).
  const [at] = useState(() => (scheduled ? new Date().toISOString() : undefined));
  // The same question as the preview's totals (one answer for both): confirming waits for it.
  const preview = useQuery(LockoutPreviewDocument, {
    variables: lockoutVariables(organization.id, at, PREVIEW_PAGE),
    skip: !open || !required,
    fetchPolicy: 'cache-and-network',
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

  const total = preview.data?.organization.lockoutPreview.totalCount;
  const loaded = total !== undefined || !!preview.error;
  return (
    <Dialog
      open={open}
      wide={required}
      onOpenChange={(next) => !next && onClose()}
      busy={loading}
      title={required ? `Require two-step verification in ${organization.name}?` : `Stop requiring two-step verification?`}
    >
      {required ? (
        <div className="stack" data-testid="requirement-consequences">
          {scheduled && <p>This starts the requirement now, instead of at the scheduled date.</p>}
          <LockoutPreviewPanel organizationId={organization.id} at={at} now pageSize={PREVIEW_PAGE} />
          {!!total && (
            <>
              <ul className="bullets">
                <li>
                  At their next action in the console or web apps, they are stopped and asked to set it up; nothing else works until they
                  do.
                </li>
                <li>Sessions they already have open are stopped too, at once.</li>
                <li>The desktop and mobile apps keep working for them.</li>
                <li>Exempt members, and those still in their new members’ window, are stopped only when it ends.</li>
                <li>External members may leave the organization instead.</li>
              </ul>
              <p className="small">
                Not warned yet?{' '}
                <Link to={`/orgs/${organization.id}/security/lockout-preview?at=now`} className="text-link" onClick={onClose}>
                  See the whole list and alert them first
                </Link>
                .
              </p>
            </>
          )}
        </div>
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
        <Button variant={required ? 'primary' : 'danger'} busy={loading} disabled={required && !loaded} onClick={() => void confirm()}>
          {required ? 'Require 2FA' : 'Stop requiring 2FA'}
        </Button>
      </div>
    </Dialog>
  );
}

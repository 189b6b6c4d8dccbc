import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import {
  LockoutPreviewDocument,
  MemberDetailsDocument,
  OrganizationMembersDocument,
  SecuritySummaryDocument,
  SetAllowedMethodsDocument,
  type AllowedMethods,
  type PolicyFieldsFragment,
} from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDateTime } from '../../lib/format';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { LockoutPreviewPanel, lockoutVariables } from './LockoutPreviewPanel';
import { policyRefetches, writePolicy } from './policy-cache';

/** Names in the confirmation window's preview, a page at a time. */
const PREVIEW_PAGE = 5;

export interface ConfirmMethodsDialogProps {
  organization: { id: string; name: string };
  /** What the accepted methods become on confirmation. */
  allowedMethods: AllowedMethods;
  policy: Pick<PolicyFieldsFragment, 'twoFactorRequired' | 'requiredFrom'>;
  open: boolean;
  onClose: () => void;
}

/**
 * The window that confirms a change of the accepted methods. Requiring keys names who it would
 * newly block (members whose only method is an authenticator app) and what happens to them;
 * accepting any method again says who is told.
 */
export function ConfirmMethodsDialog({ organization, allowedMethods, policy, open, onClose }: ConfirmMethodsDialogProps) {
  const [error, setError] = useState<string | null>(null);
  const keysOnly = allowedMethods === 'PHISHING_RESISTANT';
  // Judged when the requirement applies: now, or at the scheduled date (the server's default).
  const when = policy.twoFactorRequired
    ? undefined
    : policy.requiredFrom
      ? `when two-step verification becomes required, on ${formatDateTime(policy.requiredFrom)}`
      : 'once two-step verification is required';
  // The same question as the preview's totals (one answer for both): confirming waits for it.
  const preview = useQuery(LockoutPreviewDocument, {
    variables: lockoutVariables(organization.id, undefined, PREVIEW_PAGE, allowedMethods),
    skip: !open || !keysOnly,
    fetchPolicy: 'cache-and-network',
  });
  const [save, { loading }] = useMutation(SetAllowedMethodsDocument, {
    update: (cache, { data }) => writePolicy(cache, organization.id, data?.setAllowedMethods),
    // Who counts as compliant moves with the methods: the lists, details and counts follow.
    refetchQueries: [
      ...policyRefetches,
      OrganizationMembersDocument,
      MemberDetailsDocument,
      SecuritySummaryDocument,
      LockoutPreviewDocument,
    ],
  });

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      await save({ variables: { input: { organizationId: organization.id, allowedMethods, confirm: true } } });
      onClose();
    } catch (caught) {
      setError(
        describeError(caught, {
          ACTOR_TWO_FACTOR_REQUIRED: 'Add a security key or passkey to your own account (in My account) before requiring them of others.',
        }).message,
      );
    }
  };

  const total = preview.data?.organization.lockoutPreview.totalCount;
  const loaded = total !== undefined || !!preview.error;
  return (
    <Dialog
      open={open}
      wide={keysOnly}
      onOpenChange={(next) => !next && onClose()}
      busy={loading}
      title={keysOnly ? `Accept only security keys and passkeys in ${organization.name}?` : 'Accept any method again?'}
    >
      {keysOnly ? (
        <div className="stack" data-testid="methods-consequences">
          <p>Codes from an authenticator app will no longer count as two-step verification here; security keys and passkeys will.</p>
          <LockoutPreviewPanel
            organizationId={organization.id}
            allowedMethods={allowedMethods}
            now={policy.twoFactorRequired}
            when={when}
            pageSize={PREVIEW_PAGE}
          />
          {!!total && (
            <ul className="bullets">
              <li>They keep their authenticator app, but it no longer counts in {organization.name}.</li>
              <li>
                {policy.twoFactorRequired
                  ? 'At their next action in the console or web apps, they are stopped and asked to add a security key or passkey; nothing else works until they do.'
                  : 'Once the requirement is in force, they are stopped in the console and web apps until they add a security key or passkey.'}
              </li>
              <li>The desktop and mobile apps keep working for them.</li>
              <li>Exempt members, and those still in their new members’ window, are stopped only when it ends.</li>
            </ul>
          )}
        </div>
      ) : (
        <p>
          Members whose only second factor is an authenticator app count as protected again, and may use the console and web apps with it.
          The legal representatives of {organization.name} are told by e-mail.
        </p>
      )}
      {error && <Notice tone="error">{error}</Notice>}
      <div className="form-row form-row--end">
        <Button onClick={onClose} disabled={loading}>
          Cancel
        </Button>
        <Button variant={keysOnly ? 'primary' : 'danger'} busy={loading} disabled={keysOnly && !loaded} onClick={() => void confirm()}>
          {keysOnly ? 'Accept only keys' : 'Accept any method'}
        </Button>
      </div>
    </Dialog>
  );
}

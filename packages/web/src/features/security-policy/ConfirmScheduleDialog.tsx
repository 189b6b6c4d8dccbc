import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorCode } from '@twostep/shared';
import { NonCompliantPreviewDocument, ScheduleTwoFactorRequirementDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatCountdown, formatDateTime } from '../../lib/format';
import { viewerTimeZone } from '../../lib/local-time';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { LoadingState } from '../../ui/LoadingState';
import { Notice } from '../../ui/Notice';
import { policyRefetches, writePolicy } from './policy-cache';

export interface ConfirmScheduleDialogProps {
  organization: { id: string; name: string };
  /** The moment chosen. */
  requiredFrom: Date;
  /** The date it replaces, when moving one. */
  previous?: string | null;
  newMemberWindowDays: number;
  onClose: () => void;
  onScheduled: () => void;
  /** The server found the date itself wrong: said beside the picker. */
  onDateRefused: (message: string) => void;
}

/** The window that confirms a date (or a new one): who has no 2FA yet, and what happens until then and from then. */
export function ConfirmScheduleDialog(props: ConfirmScheduleDialogProps) {
  const { organization, requiredFrom, previous, newMemberWindowDays, onClose } = props;
  const [error, setError] = useState<string | null>(null);
  const preview = useQuery(NonCompliantPreviewDocument, { variables: { id: organization.id }, fetchPolicy: 'network-only' });
  const [schedule, { loading }] = useMutation(ScheduleTwoFactorRequirementDocument, {
    update: (cache, { data }) => writePolicy(cache, organization.id, data?.scheduleTwoFactorRequirement),
    refetchQueries: policyRefetches,
  });
  const when = formatDateTime(requiredFrom.toISOString());

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      await schedule({
        variables: { input: { organizationId: organization.id, requiredFrom: requiredFrom.toISOString(), confirm: true } },
      });
      props.onScheduled();
    } catch (caught) {
      const described = describeError(caught, {
        CONFLICT: `${organization.name} already requires two-step verification: there is no date to set.`,
      });
      if (described.code === ErrorCode.BAD_USER_INPUT && described.field === 'requiredFrom') props.onDateRefused(described.message);
      else setError(described.message);
    }
  };

  const summary = preview.data?.organization.securitySummary;
  const names = preview.data?.organization.members.edges.map((edge) => edge.node.displayName) ?? [];
  const missing = summary?.withoutTwoFactor ?? 0;
  return (
    <Dialog
      open
      onOpenChange={(next) => !next && onClose()}
      busy={loading}
      title={previous ? 'Move the date of the requirement?' : `Require two-step verification from ${when}?`}
    >
      {!summary ? (
        <LoadingState label="Counting the members without 2FA…" />
      ) : (
        <div className="stack" data-testid="schedule-consequences">
          <p>
            {previous ? (
              <>
                From {formatDateTime(previous)} to <strong>{when}</strong> ({formatCountdown(requiredFrom.toISOString())}).
              </>
            ) : (
              <>
                <strong>{when}</strong>, {viewerTimeZone()} time ({formatCountdown(requiredFrom.toISOString())}).
              </>
            )}{' '}
            {missing === 0
              ? 'Every member already has two-step verification: nobody will be stopped.'
              : `${missing} of ${summary.members} members ${missing === 1 ? 'does' : 'do'} not have it yet${names.length > 0 ? ` (among them ${names.join(', ')})` : ''}.`}
          </p>
          <ul className="bullets">
            <li>Until then nobody is stopped; members without it see the date on every page, with a link to set it up.</li>
            <li>
              At that moment the requirement turns on by itself, as your act: members without it are stopped at their next action in the
              console or web apps until they set it up.
            </li>
            {summary.exempt > 0 && (
              <li>
                {summary.exempt === 1 ? 'One of them is exempt and is' : `${summary.exempt} of them are exempt and are`} not stopped until
                the exemption ends.
              </li>
            )}
            {newMemberWindowDays > 0 && <li>People who join meanwhile get {newMemberWindowDays} days from joining.</li>}
          </ul>
        </div>
      )}
      {error && <Notice tone="error">{error}</Notice>}
      <div className="form-row form-row--end">
        <Button onClick={onClose} disabled={loading}>
          Cancel
        </Button>
        <Button variant="primary" busy={loading} disabled={!summary} onClick={() => void confirm()}>
          {previous ? 'Move the date' : 'Schedule'}
        </Button>
      </div>
    </Dialog>
  );
}

import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorCode } from '@twostep/shared';
import { LockoutPreviewDocument, ScheduleTwoFactorRequirementDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatCountdown, formatDateTime } from '../../lib/format';
import { viewerTimeZone } from '../../lib/local-time';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { LockoutPreviewPanel, lockoutVariables } from './LockoutPreviewPanel';
import { policyRefetches, writePolicy } from './policy-cache';
import { describeOffsets } from './reminder-offsets';

/** Names in the confirmation window's preview, a page at a time. */
const PREVIEW_PAGE = 5;

export interface ConfirmScheduleDialogProps {
  organization: { id: string; name: string };
  /** The moment chosen. */
  requiredFrom: Date;
  /** The date it replaces, when moving one. */
  previous?: string | null;
  newMemberWindowDays: number;
  /** The reminders' days before the date. */
  reminderOffsets: readonly number[];
  onClose: () => void;
  onScheduled: () => void;
  /** The server found the date itself wrong: said beside the picker. */
  onDateRefused: (message: string) => void;
}

/**
 * The window that confirms a date (or a new one): who would be blocked at that date, by name, and
 * what happens until then and from then.
 */
export function ConfirmScheduleDialog(props: ConfirmScheduleDialogProps) {
  const { organization, requiredFrom, previous, newMemberWindowDays, reminderOffsets, onClose } = props;
  const [error, setError] = useState<string | null>(null);
  const at = requiredFrom.toISOString();
  // The same question as the preview's totals (one answer for both): confirming waits for it.
  const preview = useQuery(LockoutPreviewDocument, {
    variables: lockoutVariables(organization.id, at, PREVIEW_PAGE),
    fetchPolicy: 'cache-and-network',
  });
  const [schedule, { loading }] = useMutation(ScheduleTwoFactorRequirementDocument, {
    update: (cache, { data }) => writePolicy(cache, organization.id, data?.scheduleTwoFactorRequirement),
    refetchQueries: policyRefetches,
  });
  const when = formatDateTime(at);

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      await schedule({
        variables: { input: { organizationId: organization.id, requiredFrom: at, confirm: true } },
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

  const total = preview.data?.organization.lockoutPreview.totalCount;
  const loaded = total !== undefined || !!preview.error;
  return (
    <Dialog
      open
      wide
      onOpenChange={(next) => !next && onClose()}
      busy={loading}
      title={previous ? 'Move the date of the requirement?' : `Require two-step verification from ${when}?`}
    >
      <div className="stack" data-testid="schedule-consequences">
        <p>
          {previous ? (
            <>
              From {formatDateTime(previous)} to <strong>{when}</strong> ({formatCountdown(at)}).
            </>
          ) : (
            <>
              <strong>{when}</strong>, {viewerTimeZone()} time ({formatCountdown(at)}).
            </>
          )}
        </p>
        <LockoutPreviewPanel organizationId={organization.id} at={at} pageSize={PREVIEW_PAGE} />
        <ul className="bullets">
          <li>
            Until then nobody is stopped; members without it see the date on every page, with a link to set it up, and are reminded by
            e-mail {describeOffsets(reminderOffsets)}.
          </li>
          <li>
            At that moment the requirement turns on by itself, as your act: members without it by then are stopped at their next action in
            the console or web apps until they set it up. The desktop and mobile apps keep working for them.
          </li>
          <li>Members exempt beyond the date, or still in their new members’ window then, are not counted.</li>
          {newMemberWindowDays > 0 && <li>People who join meanwhile get {newMemberWindowDays} days from joining.</li>}
        </ul>
        {!!total && (
          <p className="small">
            Not warned yet?{' '}
            <Link to={`/orgs/${organization.id}/security/lockout-preview?at=${encodeURIComponent(at)}`} className="text-link">
              See the whole list and alert them first
            </Link>
            .
          </p>
        )}
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      <div className="form-row form-row--end">
        <Button onClick={onClose} disabled={loading}>
          Cancel
        </Button>
        <Button variant="primary" busy={loading} disabled={!loaded} onClick={() => void confirm()}>
          {previous ? 'Move the date' : 'Schedule'}
        </Button>
      </div>
    </Dialog>
  );
}

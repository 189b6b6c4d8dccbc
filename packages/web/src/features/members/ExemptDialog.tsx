import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { ErrorCode, Limits } from '@twostep/shared';
import { ExemptMemberDocument, OrganizationMembersDocument, SecuritySummaryDocument, type MemberRowFragment } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDate } from '../../lib/format';
import { aYearAfter, endOfDateInput, toDateInput, viewerTimeZone } from '../../lib/local-time';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { TextAreaField } from '../../ui/TextAreaField';
import { TextField } from '../../ui/TextField';

const DAY_MS = 24 * 3_600_000;

interface FieldErrors {
  reason?: string;
  expiresAt?: string;
}

/**
 * Exempts a member from the organization's requirement until the end of a day (at most a year
 * ahead), with a reason the administrators and the audit log keep; for a running exemption, the
 * same form replaces it. The legal representatives are told by e-mail.
 */
export function ExemptDialog({
  organization,
  member,
  open,
  onClose,
  onDone,
}: {
  organization: { id: string; name: string };
  member: MemberRowFragment;
  open: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const now = Date.now();
  // The last day whose end is still within a year (the server counts a year by the calendar).
  const lastDay = toDateInput(new Date(aYearAfter(new Date(now)).getTime() - DAY_MS));
  const firstDay = toDateInput(new Date(now));
  const running = member.exemption;
  const [reason, setReason] = useState(running?.reason ?? '');
  const [until, setUntil] = useState(running ? toDateInput(new Date(running.expiresAt)) : toDateInput(new Date(now + 30 * DAY_MS)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [exempt, { loading }] = useMutation(ExemptMemberDocument, {
    refetchQueries: [OrganizationMembersDocument, SecuritySummaryDocument],
  });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    const why = reason.trim();
    const expiresAt = endOfDateInput(until);
    const found: FieldErrors = {
      reason: why.length === 0 || why.length > Limits.maxExemptionReasonLength ? 'Say why, in 1 to 500 characters.' : undefined,
      expiresAt: !expiresAt
        ? 'Choose the last day of the exemption.'
        : expiresAt.getTime() <= Date.now() || expiresAt > aYearAfter(new Date())
          ? 'Choose a day from today to a year ahead.'
          : undefined,
    };
    setErrors(found);
    if (found.reason || found.expiresAt || !expiresAt) return;
    try {
      await exempt({
        variables: { input: { organizationId: organization.id, userId: member.id, reason: why, expiresAt: expiresAt.toISOString() } },
      });
      onDone(`${member.displayName} is exempt until the end of ${formatDate(expiresAt.toISOString())}.`);
    } catch (caught) {
      const described = describeError(caught, {
        FORBIDDEN: 'Only a legal representative exempts an administrator or a legal representative, and nobody exempts themselves.',
      });
      if (described.code === ErrorCode.BAD_USER_INPUT && (described.field === 'reason' || described.field === 'expiresAt')) {
        setErrors({ [described.field]: described.message });
      } else {
        setError(described.message);
      }
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && onClose()}
      busy={loading}
      title={running ? `Change ${member.displayName}'s exemption` : `Exempt ${member.displayName}?`}
      description={`Until the end of the day you choose, ${organization.name} does not stop ${member.displayName} for lacking two-step verification, even while it requires it. The legal representatives are told by e-mail.`}
    >
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        {error && <Notice tone="error">{error}</Notice>}
        <TextAreaField
          label="Reason"
          hint={`Shown to the administrators and kept in the audit log. ${reason.trim().length} of ${Limits.maxExemptionReasonLength} characters.`}
          value={reason}
          maxLength={Limits.maxExemptionReasonLength}
          rows={3}
          required
          error={errors.reason}
          onChange={(event) => {
            setReason(event.target.value);
            setErrors((current) => ({ ...current, reason: undefined }));
          }}
        />
        <TextField
          label="Exempt until"
          hint={`To the end of that day, your time (${viewerTimeZone()}). At most a year.`}
          type="date"
          value={until}
          min={firstDay}
          max={lastDay}
          required
          error={errors.expiresAt}
          onChange={(event) => {
            setUntil(event.target.value);
            setErrors((current) => ({ ...current, expiresAt: undefined }));
          }}
        />
        <div className="form-row form-row--end">
          <Button onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={loading}>
            {running ? 'Save the exemption' : 'Exempt'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

import { useMutation } from '@apollo/client/react';
import { CalendarX } from 'lucide-react';
import { useState } from 'react';
import { CancelScheduledTwoFactorRequirementDocument } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDateTime } from '../../lib/format';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { policyRefetches, writePolicy } from './policy-cache';

/** Cancels the scheduled date before it comes, after a confirmation. */
export function CancelScheduleButton({ organization, requiredFrom }: { organization: { id: string; name: string }; requiredFrom: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cancel, { loading }] = useMutation(CancelScheduledTwoFactorRequirementDocument, {
    update: (cache, { data }) => writePolicy(cache, organization.id, data?.cancelScheduledTwoFactorRequirement),
    refetchQueries: policyRefetches,
  });

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      await cancel({ variables: { input: { organizationId: organization.id, confirm: true } } });
      setOpen(false);
    } catch (caught) {
      setError(describeError(caught, { CONFLICT: 'Nothing is scheduled any more: the date was cancelled or has come.' }).message);
    }
  };

  return (
    <>
      <Button variant="danger" icon={<CalendarX size={16} aria-hidden="true" />} onClick={() => setOpen(true)}>
        Cancel schedule
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        busy={loading}
        title="Cancel the scheduled requirement?"
        description={`${organization.name} will not require two-step verification from ${formatDateTime(requiredFrom)}. Members without it keep using the console with their password alone, and the date leaves their screens. The legal representatives are told by e-mail.`}
      >
        {error && <Notice tone="error">{error}</Notice>}
        <div className="form-row form-row--end">
          <Button onClick={() => setOpen(false)} disabled={loading}>
            Keep the date
          </Button>
          <Button variant="danger" busy={loading} onClick={() => void confirm()}>
            Cancel the schedule
          </Button>
        </div>
      </Dialog>
    </>
  );
}

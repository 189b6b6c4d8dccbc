import { useMutation } from '@apollo/client/react';
import { Mail } from 'lucide-react';
import { useState } from 'react';
import { MemberDetailsDocument, SendAlertDocument, type MemberDetailsFragment } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';

/**
 * "Send alert" for a member without 2FA: a confirmation, then the alert's delivery state (from the
 * history beside it, kept live). Alerts to one member are rate-limited: the panel says when the
 * member was last alerted and when the next alert is possible.
 */
export function SendAlertPanel({
  organizationId,
  organizationName,
  member,
}: {
  organizationId: string;
  organizationName: string;
  member: MemberDetailsFragment;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [send, { loading }] = useMutation(SendAlertDocument, {
    refetchQueries: [{ query: MemberDetailsDocument, variables: { id: organizationId, userId: member.id } }],
    awaitRefetchQueries: true,
  });
  const next = member.nextAlertAllowedAt ? new Date(member.nextAlertAllowedAt).getTime() : 0;
  const now = useNow(30_000, next > Date.now());
  const tooSoon = next > now;

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      await send({ variables: { input: { organizationId, userId: member.id, confirm: true } } });
      setOpen(false);
      setSent(true);
    } catch (caught) {
      setError(describeError(caught, { CONFLICT: `${member.displayName} has enabled two-step verification meanwhile.` }).message);
    }
  };

  return (
    <div className="stack-sm">
      <p className="small" data-testid="alert-timing">
        {member.lastAlertedAt ? (
          <>
            Last alerted {formatRelative(member.lastAlertedAt)} ({formatDateTime(member.lastAlertedAt)}).{' '}
            {tooSoon && member.nextAlertAllowedAt
              ? `Next possible ${formatDateTime(member.nextAlertAllowedAt)}.`
              : 'Another alert is possible now.'}
          </>
        ) : (
          'Never alerted.'
        )}
      </p>
      {sent && <Notice tone="success">The alert is on its way to {member.email}. Its delivery shows below.</Notice>}
      <Button variant="primary" icon={<Mail size={16} aria-hidden="true" />} disabled={tooSoon} onClick={() => setOpen(true)}>
        Send alert
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        busy={loading}
        title={`Send an alert to ${member.displayName}?`}
        description={`An e-mail from a no-reply address tells ${member.email} that ${organizationName} asks them to enable two-step verification, and how. One alert per member per 24 hours.`}
      >
        {error && <Notice tone="error">{error}</Notice>}
        <div className="form-row form-row--end">
          <Button onClick={() => setOpen(false)} disabled={loading}>
            Cancel
          </Button>
          <Button variant="primary" busy={loading} onClick={() => void confirm()}>
            Send the alert
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

import { LogOut } from 'lucide-react';
import { useState } from 'react';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { useLeaveOrganization } from './use-leave-organization';

/** "Leave organization" with a confirmation; renders nothing while the API cannot do it. */
export function LeaveOrganizationButton({ organization, onLeft }: { organization: { id: string; name: string }; onLeft: () => void }) {
  const { leave, leaving } = useLeaveOrganization();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<DescribedError | null>(null);
  if (!leave) return null;

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      await leave(organization.id);
      setOpen(false);
      onLeft();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <>
      <Button
        size="small"
        icon={<LogOut size={16} aria-hidden="true" />}
        onClick={() => setOpen(true)}
        aria-label={`Leave ${organization.name}`}
      >
        Leave
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        busy={leaving}
        title={`Leave ${organization.name}?`}
        description={`You will no longer be a member of ${organization.name} and lose access to what it shares with you. To come back, someone there must invite you again.`}
      >
        {error && <Notice tone="error">{error.message}</Notice>}
        <div className="form-row form-row--end">
          <Button onClick={() => setOpen(false)} disabled={leaving}>
            Stay
          </Button>
          <Button variant="danger" busy={leaving} onClick={() => void confirm()}>
            Leave the organization
          </Button>
        </div>
      </Dialog>
    </>
  );
}

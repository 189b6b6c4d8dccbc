import { useMutation } from '@apollo/client/react';
import { UserMinus } from 'lucide-react';
import { useState } from 'react';
import { OrganizationMembersDocument, RemoveMemberDocument, SecuritySummaryDocument, type MemberRowFragment } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';

/** Removes a member, after a confirmation that says what it means. */
export function RemoveMemberButton({
  organizationId,
  organizationName,
  member,
  onRemoved,
}: {
  organizationId: string;
  organizationName: string;
  member: MemberRowFragment;
  onRemoved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [remove, { loading }] = useMutation(RemoveMemberDocument, {
    refetchQueries: [OrganizationMembersDocument, SecuritySummaryDocument],
  });

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      await remove({ variables: { input: { organizationId, userId: member.id } } });
      setOpen(false);
      onRemoved();
    } catch (caught) {
      setError(describeError(caught).message);
    }
  };

  return (
    <>
      <Button variant="danger" icon={<UserMinus size={16} aria-hidden="true" />} onClick={() => setOpen(true)}>
        Remove from {organizationName}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        busy={loading}
        title={`Remove ${member.displayName}?`}
        description={`${member.displayName} loses access to ${organizationName} at once. Their account stays; to come back they need a new invitation.`}
      >
        {error && <Notice tone="error">{error}</Notice>}
        <div className="form-row form-row--end">
          <Button onClick={() => setOpen(false)} disabled={loading}>
            Cancel
          </Button>
          <Button variant="danger" busy={loading} onClick={() => void confirm()}>
            Remove the member
          </Button>
        </div>
      </Dialog>
    </>
  );
}

import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { OrganizationMembersDocument, RevokeExemptionDocument, SecuritySummaryDocument, type MemberRowFragment } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';

/** Ends a member's exemption early, after a confirmation that says what follows for them. */
export function RevokeExemptionButton({
  organization,
  member,
  onRevoked,
}: {
  organization: { id: string; name: string; twoFactorRequired: boolean };
  member: MemberRowFragment;
  onRevoked: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revoke, { loading }] = useMutation(RevokeExemptionDocument, {
    refetchQueries: [OrganizationMembersDocument, SecuritySummaryDocument],
  });

  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      await revoke({ variables: { input: { organizationId: organization.id, userId: member.id } } });
      setOpen(false);
      onRevoked(`${member.displayName}'s exemption is revoked.`);
    } catch (caught) {
      setError(describeError(caught, { NOT_FOUND: `${member.displayName}'s exemption has already ended.` }).message);
    }
  };

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Revoke the exemption
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        busy={loading}
        title={`Revoke ${member.displayName}'s exemption?`}
        description={
          member.twoFactorEnabled
            ? `${member.displayName} has two-step verification, so nothing changes for them.`
            : organization.twoFactorRequired
              ? `${organization.name} requires two-step verification: unless a deadline of theirs is still ahead, ${member.displayName} is stopped at their next action until they set it up.`
              : `${member.displayName} is held to ${organization.name}'s plan again, like every member without two-step verification.`
        }
      >
        {error && <Notice tone="error">{error}</Notice>}
        <div className="form-row form-row--end">
          <Button onClick={() => setOpen(false)} disabled={loading}>
            Cancel
          </Button>
          <Button variant="danger" busy={loading} onClick={() => void confirm()}>
            Revoke
          </Button>
        </div>
      </Dialog>
    </>
  );
}

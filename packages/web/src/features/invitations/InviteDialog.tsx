import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { ErrorCode, type MembershipKind, type Role } from '@twostep/shared';
import { InvitationsDocument, InviteMemberDocument } from '../../gql/graphql';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { roleLabels } from '../organizations/organization-labels';
import { assignableRoles } from '../organizations/permissions';

export interface InviteDialogProps {
  organization: { id: string; name: string; twoFactorRequired: boolean };
  actorRole: Role;
  open: boolean;
  onClose: () => void;
  onInvited: (email: string) => void;
}

/** Invites an address with a role and a kind; the mail goes out at once and works for 7 days. */
export function InviteDialog({ organization, actorRole, open, onClose, onInvited }: InviteDialogProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('USER');
  const [kind, setKind] = useState<MembershipKind>('INTERNAL');
  const [error, setError] = useState<DescribedError | null>(null);
  const [invite, { loading }] = useMutation(InviteMemberDocument, { refetchQueries: [InvitationsDocument], awaitRefetchQueries: true });

  const close = (): void => {
    setEmail('');
    setRole('USER');
    setKind('INTERNAL');
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      await invite({ variables: { input: { organizationId: organization.id, email: email.trim(), role, kind } } });
      onInvited(email.trim());
      close();
    } catch (caught) {
      setError(
        describeError(caught, {
          CONFLICT: 'This person is already a member, or already has an open invitation (resend that one instead).',
          FORBIDDEN: 'Only a legal representative invites a legal representative.',
        }),
      );
    }
  };

  const emailError =
    (error?.code === ErrorCode.BAD_USER_INPUT || error?.code === ErrorCode.CONFLICT) &&
    (error.field === 'email' || error.code === ErrorCode.CONFLICT)
      ? error.message
      : undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && close()}
      busy={loading}
      title={`Invite someone to ${organization.name}`}
      description={
        organization.twoFactorRequired
          ? 'They get an e-mail with a link that works for 7 days. This organization requires 2FA: they set it up right after joining.'
          : 'They get an e-mail with a link that works for 7 days.'
      }
    >
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        {error && !emailError && <Notice tone="error">{error.message}</Notice>}
        <TextField
          label="E-mail address"
          type="email"
          autoComplete="off"
          required
          autoFocus
          value={email}
          error={emailError}
          onChange={(event) => setEmail(event.target.value)}
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
          options={assignableRoles(actorRole).map((value) => ({ value, label: roleLabels[value] }))}
        />
        <SelectField
          label="Kind"
          hint="External members come from outside the organization; they may leave instead of setting up 2FA, and only they can reset their second factors."
          value={kind}
          onChange={(event) => setKind(event.target.value as MembershipKind)}
          options={[
            { value: 'INTERNAL', label: 'Internal: one of the organization’s own people' },
            { value: 'EXTERNAL', label: 'External: from outside the organization' },
          ]}
        />
        <div className="form-row form-row--end">
          <Button onClick={close} disabled={loading}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={loading} disabled={!email.trim()}>
            Send the invitation
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

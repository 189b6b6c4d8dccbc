import { useMutation } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import type { Role } from '@twostep/shared';
import { ChangeMemberRoleDocument, type MemberRowFragment } from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { SelectField } from '../../ui/SelectField';
import { roleLabels } from '../organizations/organization-labels';
import { assignableRoles } from '../organizations/permissions';

/** Changes a member's role among those the viewer may grant. */
export function RoleControl({ organizationId, member, actorRole }: { organizationId: string; member: MemberRowFragment; actorRole: Role }) {
  const [role, setRole] = useState<Role>(member.role);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [change, { loading }] = useMutation(ChangeMemberRoleDocument);
  // A change made elsewhere (arriving live) shows here too.
  useEffect(() => setRole(member.role), [member.role]);

  const save = async (): Promise<void> => {
    setMessage(null);
    try {
      await change({ variables: { input: { organizationId, userId: member.id, role } } });
      setMessage({ tone: 'success', text: `${member.displayName} is now ${roleLabels[role].toLowerCase()}.` });
    } catch (caught) {
      setRole(member.role);
      setMessage({ tone: 'error', text: describeError(caught).message });
    }
  };

  return (
    <div className="stack-sm">
      <div className="form-row">
        <SelectField
          label="Role"
          hiddenLabel
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
          options={assignableRoles(actorRole).map((value) => ({ value, label: roleLabels[value] }))}
        />
        <Button busy={loading} disabled={role === member.role} onClick={() => void save()}>
          Change role
        </Button>
      </div>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
    </div>
  );
}

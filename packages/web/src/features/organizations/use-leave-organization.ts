import { useMutation } from '@apollo/client/react';
import { useCallback } from 'react';
import { LeaveOrganizationDocument, ShellViewerDocument } from '../../gql/graphql';

/**
 * Leaving an organization, for EXTERNAL members who would rather not set up 2FA (it answers while
 * blocked). Afterwards the shell's viewer is read again: memberships, and whether a block remains.
 */
export type LeaveOrganization = (organizationId: string) => Promise<void>;

export function useLeaveOrganization(): { leave: LeaveOrganization | undefined; leaving: boolean } {
  const [mutate, { loading }] = useMutation(LeaveOrganizationDocument, {
    refetchQueries: [ShellViewerDocument],
    awaitRefetchQueries: true,
  });
  const leave = useCallback<LeaveOrganization>(
    async (organizationId) => {
      await mutate({ variables: { input: { organizationId } } });
    },
    [mutate],
  );
  return { leave, leaving: loading };
}

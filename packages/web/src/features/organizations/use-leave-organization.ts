/**
 * Leaving an organization, for EXTERNAL members who would rather not set up 2FA.
 *
 * The API does not offer `leaveOrganization(input: { organizationId })` yet. Until it does, this
 * returns undefined and the button stays hidden; when it lands, add the mutation to
 * `organizations.graphql`, run codegen, and return a function that calls it.
 */
export type LeaveOrganization = (organizationId: string) => Promise<void>;

export function useLeaveOrganization(): { leave: LeaveOrganization | undefined; leaving: boolean } {
  return { leave: undefined, leaving: false };
}

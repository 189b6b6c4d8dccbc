/** The GraphQL documents the scenarios send (the console's members page, and a web-only field). */

export const membersPage = `query MembersPage($id: ID!) {
  organization(id: $id) {
    members(first: 100, filter: { twoFactor: DISABLED }) {
      totalCount
      edges { cursor node { id displayName email role kind twoFactorEnabled joinedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const memberListColumns = `query Columns($id: ID!) { memberListColumns(organizationId: $id) }`;

export const setRequirement = `mutation Switch($input: SetTwoFactorRequirementInput!) {
  setTwoFactorRequirement(input: $input) { twoFactorRequired }
}`;

export const scheduleRequirement = `mutation Schedule($input: ScheduleTwoFactorRequirementInput!) {
  scheduleTwoFactorRequirement(input: $input) { twoFactorRequired requiredFrom }
}`;

export function body(query, variables) {
  return JSON.stringify({ query, variables });
}

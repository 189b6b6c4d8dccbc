import type { AlertState, Compliance, MemberColumn, MemberOrderField } from '../../gql/graphql';

export const columnLabels: Record<MemberColumn, string> = {
  NAME: 'Name',
  EMAIL: 'E-mail',
  ROLE: 'Role',
  KIND: 'Kind',
  SECURITY: 'Security',
  JOINED: 'Joined',
  LAST_ALERTED: 'Last alerted',
};

/** The columns in the order the table shows them. */
export const columnOrder: MemberColumn[] = ['NAME', 'EMAIL', 'ROLE', 'KIND', 'SECURITY', 'JOINED', 'LAST_ALERTED'];

/** Which columns sort on the server, and by what. */
export const sortFields: Partial<Record<MemberColumn, MemberOrderField>> = {
  NAME: 'NAME',
  EMAIL: 'EMAIL',
  SECURITY: 'TWO_FACTOR',
  JOINED: 'JOINED_AT',
};

export const alertStateLabels: Record<AlertState, string> = {
  QUEUED: 'Queued',
  SENT: 'Sent',
  FAILED: 'Failed',
};

/** What the organization makes of a member, in the filter (the badge adds the dates). */
export const complianceLabels: Record<Compliance, string> = {
  COMPLIANT: 'Compliant',
  EXEMPT: 'Exempt',
  IN_WINDOW: 'In their window',
  NON_COMPLIANT: 'Not compliant',
};

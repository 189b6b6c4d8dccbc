import type { AlertState, Compliance, MemberColumn, MemberOrderField, TwoFactorMethodKind } from '../../gql/graphql';

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

/** A member's kinds of second factor: in the details, and short under the shield in the list. */
export const methodKindLabels: Record<TwoFactorMethodKind, { label: string; short: string }> = {
  TOTP: { label: 'Authenticator app', short: 'App' },
  SECURITY_KEY: { label: 'Security key', short: 'Key' },
  PASSKEY: { label: 'Passkey', short: 'Passkey' },
  RECOVERY_CODE: { label: 'Recovery codes', short: 'Codes' },
};

/** The kinds a member has, each once, app first then keys ("Authenticator app, Security key"). */
export function methodKindsText(kinds: readonly TwoFactorMethodKind[], form: 'label' | 'short' = 'label'): string {
  const order: TwoFactorMethodKind[] = ['TOTP', 'SECURITY_KEY', 'PASSKEY', 'RECOVERY_CODE'];
  return order
    .filter((kind) => kinds.includes(kind))
    .map((kind) => methodKindLabels[kind][form])
    .join(form === 'short' ? ' · ' : ', ');
}

/** Where only keys count, an app alone does not: the member has an app and no key or passkey. */
export const onlyAnApp = (kinds: readonly TwoFactorMethodKind[]): boolean =>
  kinds.includes('TOTP') && !kinds.includes('SECURITY_KEY') && !kinds.includes('PASSKEY');

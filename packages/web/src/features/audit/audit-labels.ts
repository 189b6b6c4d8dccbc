import type { AuditAction, AuditEntryFragment } from '../../gql/graphql';

/** What each action is called in the filter. */
export const auditActionLabels: Record<AuditAction, string> = {
  ORGANIZATION_CREATED: 'Organization created',
  REQUIREMENT_ENABLED: '2FA required',
  REQUIREMENT_DISABLED: '2FA no longer required',
  ALERT_SENT: 'Alert sent',
  CAMPAIGN_STARTED: 'Warning to all started',
  CAMPAIGN_FINISHED: 'Warning to all finished',
  INVITATION_CREATED: 'Invitation sent',
  INVITATION_RESENT: 'Invitation resent',
  INVITATION_REVOKED: 'Invitation revoked',
  MEMBER_JOINED: 'Member joined',
  MEMBER_LEFT: 'Member left',
  MEMBER_REMOVED: 'Member removed',
  ROLE_CHANGED: 'Role changed',
  SECOND_FACTORS_RESET: 'Second factors reset',
  TOKEN_CREATED: 'API token created',
  TOKEN_REVOKED: 'API token revoked',
  TOKEN_USED_POLICY_WRITE: 'API token changed the requirement',
  TWO_FACTOR_ENABLED: '2FA enabled',
  TWO_FACTOR_DISABLED: '2FA disabled',
  RECOVERY_CODES_REGENERATED: 'New recovery codes',
  RECOVERY_CODE_USED: 'Recovery code used',
  SECOND_FACTOR_LOCKED: 'Codes locked after failures',
  MEMBER_BLOCKED: 'Member blocked',
  PASSWORD_CHANGED: 'Password changed',
  PASSWORD_RESET: 'Password reset',
  EMAIL_CHANGED: 'E-mail changed',
  MEMBERSHIP_KIND_CHANGED: 'Membership became external',
  PROOFS_RATE_LIMITED: 'Proofs paused after failures',
};

/** Groups for the filter, so nobody has to scroll through every action. */
export const auditActionGroups: { label: string; actions: AuditAction[] }[] = [
  { label: 'Requirement changes', actions: ['REQUIREMENT_ENABLED', 'REQUIREMENT_DISABLED', 'TOKEN_USED_POLICY_WRITE'] },
  { label: 'Alerts', actions: ['ALERT_SENT', 'CAMPAIGN_STARTED', 'CAMPAIGN_FINISHED'] },
  {
    label: 'Members joining and leaving',
    actions: ['MEMBER_JOINED', 'MEMBER_LEFT', 'MEMBER_REMOVED', 'ROLE_CHANGED', 'MEMBERSHIP_KIND_CHANGED'],
  },
  { label: 'Invitations', actions: ['INVITATION_CREATED', 'INVITATION_RESENT', 'INVITATION_REVOKED'] },
  {
    label: 'Members’ own security',
    actions: [
      'TWO_FACTOR_ENABLED',
      'TWO_FACTOR_DISABLED',
      'RECOVERY_CODES_REGENERATED',
      'RECOVERY_CODE_USED',
      'SECOND_FACTOR_LOCKED',
      'PROOFS_RATE_LIMITED',
      'MEMBER_BLOCKED',
      'SECOND_FACTORS_RESET',
      'PASSWORD_CHANGED',
      'PASSWORD_RESET',
      'EMAIL_CHANGED',
    ],
  },
  { label: 'API tokens', actions: ['TOKEN_CREATED', 'TOKEN_REVOKED'] },
];

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const roleWords: Record<string, string> = { LEGAL_REPRESENTATIVE: 'legal representative', ADMINISTRATOR: 'administrator', USER: 'user' };

/** One line saying what happened, in words ("Alex Admin sent an alert to Sam"). */
export function describeAuditEntry(entry: AuditEntryFragment): string {
  const who = entry.actor?.name ?? 'Twostep';
  const whom = entry.target?.name ?? 'someone';
  const data = entry.data;
  switch (entry.action) {
    case 'ORGANIZATION_CREATED':
      return `${who} created the organization`;
    case 'REQUIREMENT_ENABLED':
      return `${who} required two-step verification of all members`;
    case 'REQUIREMENT_DISABLED':
      return `${who} stopped requiring two-step verification`;
    case 'ALERT_SENT':
      return `${who} sent ${whom} an alert to enable two-step verification`;
    case 'CAMPAIGN_STARTED':
      return `${who} started warning every member without two-step verification`;
    case 'CAMPAIGN_FINISHED':
      return typeof data.queued === 'number' && typeof data.skipped === 'number'
        ? `The warning to every member without two-step verification finished: ${data.queued} queued, ${data.skipped} skipped`
        : `The warning to every member without two-step verification finished`;
    case 'INVITATION_CREATED':
      return `${who} invited ${text(data.email) ?? whom}`;
    case 'INVITATION_RESENT':
      return `${who} sent the invitation of ${text(data.email) ?? whom} again`;
    case 'INVITATION_REVOKED':
      return `${who} revoked the invitation of ${text(data.email) ?? whom}`;
    case 'MEMBER_JOINED':
      return `${whom} joined`;
    case 'MEMBER_LEFT':
      return `${whom} left the organization`;
    case 'MEMBER_REMOVED':
      return `${who} removed ${whom}`;
    case 'ROLE_CHANGED': {
      const to = text(data.to);
      return `${who} changed the role of ${whom}${to ? ` to ${roleWords[to] ?? to}` : ''}`;
    }
    case 'SECOND_FACTORS_RESET': {
      // In the member's other organizations, the reset is told as their home organization's act.
      const home = text(data.homeOrganizationName);
      if (home) return `${home}, the home organization of ${whom}, reset their second factors`;
      return data.by === 'operator' ? `An operator reset the second factors of ${whom}` : `${who} reset the second factors of ${whom}`;
    }
    case 'TOKEN_CREATED':
      return `${who} created the API token ${text(data.name) ?? ''}`.trim();
    case 'TOKEN_REVOKED':
      return `${who} revoked the API token ${text(data.name) ?? ''}`.trim();
    case 'TOKEN_USED_POLICY_WRITE':
      return `The API token ${who} switched the requirement ${data.required === false ? 'off' : 'on'}`;
    case 'TWO_FACTOR_ENABLED':
      return `${whom} enabled two-step verification`;
    case 'TWO_FACTOR_DISABLED':
      return `${whom} turned two-step verification off`;
    case 'RECOVERY_CODES_REGENERATED':
      return `${whom} made new recovery codes`;
    case 'RECOVERY_CODE_USED':
      return `${whom} signed in with a recovery code`;
    case 'SECOND_FACTOR_LOCKED':
      return `Codes of ${whom} were paused after repeated wrong codes`;
    case 'MEMBER_BLOCKED':
      return `${whom} was stopped until they set up two-step verification`;
    case 'PASSWORD_CHANGED':
      return `${whom} changed their password`;
    case 'PASSWORD_RESET':
      return `${whom} reset their password`;
    case 'EMAIL_CHANGED':
      return `${whom} changed their e-mail address`;
    case 'MEMBERSHIP_KIND_CHANGED':
      return `${whom} became an external member: their account is internal to another organization`;
    case 'PROOFS_RATE_LIMITED':
      return `Password and code checks of ${whom} were paused after repeated failures`;
  }
}

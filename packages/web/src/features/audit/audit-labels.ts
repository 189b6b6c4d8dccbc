import type { AuditAction, AuditEntryFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';

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
  SECURITY_KEY_ADDED: 'Security key added',
  SECURITY_KEY_REMOVED: 'Security key removed',
  SECURITY_KEY_COUNTER_MISMATCH: 'Security key refused (possible copy)',
  METHOD_POLICY_CHANGED: 'Accepted methods changed',
  WEBHOOK_CREATED: 'Webhook added',
  WEBHOOK_UPDATED: 'Webhook changed',
  WEBHOOK_DELETED: 'Webhook deleted',
  WEBHOOK_SECRET_ROTATED: 'Webhook secret rotated',
  WEBHOOK_DISABLED: 'Webhook switched off after failures',
  RECOVERY_CODES_REGENERATED: 'New recovery codes',
  RECOVERY_CODE_USED: 'Recovery code used',
  SECOND_FACTOR_LOCKED: 'Codes locked after failures',
  MEMBER_BLOCKED: 'Member blocked',
  PASSWORD_CHANGED: 'Password changed',
  PASSWORD_RESET: 'Password reset',
  EMAIL_CHANGED: 'E-mail changed',
  MEMBERSHIP_KIND_CHANGED: 'Membership became external',
  PROOFS_RATE_LIMITED: 'Proofs paused after failures',
  REQUIREMENT_SCHEDULED: '2FA scheduled or moved',
  REQUIREMENT_SCHEDULE_CANCELLED: 'Scheduled 2FA cancelled',
  NEW_MEMBER_WINDOW_CHANGED: 'New members’ window changed',
  EXEMPTION_CREATED: 'Member exempted',
  EXEMPTION_REVOKED: 'Exemption revoked',
  EXEMPTION_EXPIRED: 'Exemption ended',
  MEMBER_WINDOW_ENDED: 'Member’s window ended',
  MEMBER_UNBLOCKED: 'Member unblocked',
  REMINDER_STARTED: 'Reminder sent',
  REMINDER_OFFSETS_CHANGED: 'Reminder days changed',
  EXEMPTION_ENDING: 'Exemption ending soon',
  TIME_ZONE_CHANGED: 'Time zone changed',
};

/** Groups for the filter, so nobody has to scroll through every action. */
export const auditActionGroups: { label: string; actions: AuditAction[] }[] = [
  {
    label: 'Requirement changes',
    actions: [
      'REQUIREMENT_ENABLED',
      'REQUIREMENT_DISABLED',
      'REQUIREMENT_SCHEDULED',
      'REQUIREMENT_SCHEDULE_CANCELLED',
      'NEW_MEMBER_WINDOW_CHANGED',
      'REMINDER_OFFSETS_CHANGED',
      'TIME_ZONE_CHANGED',
      'METHOD_POLICY_CHANGED',
      'TOKEN_USED_POLICY_WRITE',
    ],
  },
  {
    label: 'Exemptions and windows',
    actions: ['EXEMPTION_CREATED', 'EXEMPTION_REVOKED', 'EXEMPTION_ENDING', 'EXEMPTION_EXPIRED', 'MEMBER_WINDOW_ENDED'],
  },
  { label: 'Alerts', actions: ['ALERT_SENT', 'CAMPAIGN_STARTED', 'CAMPAIGN_FINISHED', 'REMINDER_STARTED'] },
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
      'SECURITY_KEY_ADDED',
      'SECURITY_KEY_REMOVED',
      'SECURITY_KEY_COUNTER_MISMATCH',
      'RECOVERY_CODES_REGENERATED',
      'RECOVERY_CODE_USED',
      'SECOND_FACTOR_LOCKED',
      'PROOFS_RATE_LIMITED',
      'MEMBER_BLOCKED',
      'MEMBER_UNBLOCKED',
      'SECOND_FACTORS_RESET',
      'PASSWORD_CHANGED',
      'PASSWORD_RESET',
      'EMAIL_CHANGED',
    ],
  },
  { label: 'API tokens', actions: ['TOKEN_CREATED', 'TOKEN_REVOKED'] },
  { label: 'Webhooks', actions: ['WEBHOOK_CREATED', 'WEBHOOK_UPDATED', 'WEBHOOK_DELETED', 'WEBHOOK_SECRET_ROTATED', 'WEBHOOK_DISABLED'] },
];

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const moment = (value: unknown): string | undefined => {
  const iso = text(value);
  return iso && !Number.isNaN(Date.parse(iso)) ? formatDateTime(iso) : undefined;
};
const roleWords: Record<string, string> = { LEGAL_REPRESENTATIVE: 'legal representative', ADMINISTRATOR: 'administrator', USER: 'user' };
const keyWords = (kind: unknown): string => (kind === 'PASSKEY' ? 'passkey' : 'security key');
/** "the security key “Blue key”", or just "a security key" when it has no name in the entry. */
const keyNamed = (data: Record<string, unknown>): string => {
  const name = text(data.name);
  return name ? `the ${keyWords(data.kind)} “${name}”` : `a ${keyWords(data.kind)}`;
};

/** One line saying what happened, in words ("Alex Admin sent an alert to Sam"). */
export function describeAuditEntry(entry: AuditEntryFragment): string {
  const who = entry.actor?.name ?? 'Twostep';
  const whom = entry.target?.name ?? 'someone';
  const data = entry.data;
  switch (entry.action) {
    case 'ORGANIZATION_CREATED':
      return `${who} created the organization`;
    case 'REQUIREMENT_ENABLED':
      return data.scheduled === true
        ? `Two-step verification became required of all members, on the date ${who} scheduled`
        : `${who} required two-step verification of all members`;
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
    case 'SECURITY_KEY_ADDED':
      return `${whom} added ${keyNamed(data)}`;
    case 'SECURITY_KEY_REMOVED':
      return `${whom} removed ${keyNamed(data)}`;
    case 'SECURITY_KEY_COUNTER_MISMATCH': {
      const name = text(data.name);
      return `A sign-in of ${whom} with the security key${name ? ` “${name}”` : ''} was refused: the key may have been copied`;
    }
    case 'METHOD_POLICY_CHANGED':
      return data.allowedMethods === 'PHISHING_RESISTANT'
        ? `${who} required security keys or passkeys: authenticator apps no longer count`
        : `${who} accepted any second factor again, authenticator apps included`;
    case 'WEBHOOK_CREATED':
      return `${who} added a webhook to ${text(data.url) ?? 'an endpoint'}`;
    case 'WEBHOOK_UPDATED':
      return `${who} changed the webhook to ${text(data.url) ?? 'an endpoint'}`;
    case 'WEBHOOK_DELETED':
      return `${who} deleted the webhook to ${text(data.url) ?? 'an endpoint'}`;
    case 'WEBHOOK_SECRET_ROTATED':
      return `${who} rotated a webhook’s signing secret (the old one works for 24 more hours)`;
    case 'WEBHOOK_DISABLED':
      return `The webhook to ${text(data.url) ?? 'an endpoint'} was switched off: every delivery failed for 24 hours`;
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
    case 'REQUIREMENT_SCHEDULED': {
      const from = moment(data.requiredFrom) ?? 'a date';
      const previous = moment(data.previous);
      return previous
        ? `${who} moved the required date of two-step verification from ${previous} to ${from}`
        : `${who} scheduled two-step verification to be required from ${from}`;
    }
    case 'REQUIREMENT_SCHEDULE_CANCELLED':
      return `${who} cancelled the requirement scheduled for ${moment(data.requiredFrom) ?? 'a date'}`;
    case 'NEW_MEMBER_WINDOW_CHANGED':
      return `${who} gave new members ${typeof data.days === 'number' ? data.days : 'a number of'} days to set up two-step verification`;
    case 'EXEMPTION_CREATED': {
      const until = moment(data.expiresAt);
      const reason = text(data.reason);
      return `${who} exempted ${whom} from two-step verification${until ? ` until ${until}` : ''}${reason ? `: ${reason}` : ''}`;
    }
    case 'EXEMPTION_REVOKED':
      return `${who} revoked the exemption of ${whom}`;
    case 'EXEMPTION_EXPIRED':
      return `The exemption of ${whom} ended`;
    case 'MEMBER_WINDOW_ENDED':
      return `The time ${whom} had to set up two-step verification ended`;
    case 'MEMBER_UNBLOCKED':
      return `${whom} set up two-step verification and is no longer stopped`;
    case 'REMINDER_STARTED': {
      const days = typeof data.offsetDays === 'number' ? data.offsetDays : undefined;
      const deadline = moment(data.deadline);
      const when = days === 0 ? 'at the switch' : days === undefined ? '' : `${days} ${days === 1 ? 'day' : 'days'} ahead`;
      return `A reminder of the requirement${deadline ? ` from ${deadline}` : ''} went to the members without two-step verification${when ? ` (${when})` : ''}`;
    }
    case 'REMINDER_OFFSETS_CHANGED': {
      const offsets = Array.isArray(data.offsets) ? data.offsets.filter((n): n is number => typeof n === 'number') : [];
      return offsets.length > 0
        ? `${who} set the reminders to ${offsets.join(', ')} days before the date`
        : `${who} turned the reminders before the date off`;
    }
    case 'EXEMPTION_ENDING': {
      const ends = moment(data.expiresAt);
      return `The exemption of ${whom} ends ${ends ? `on ${ends}` : 'soon'}; they and the administrators were told`;
    }
    case 'TIME_ZONE_CHANGED':
      return `${who} set the time zone of the organization’s mails to ${text(data.timeZone) ?? 'another zone'}`;
  }
}

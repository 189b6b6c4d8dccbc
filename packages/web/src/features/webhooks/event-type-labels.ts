import { WebhookEventType as wireTypes } from '@twostep/shared';
import type { WebhookEventType } from '../../gql/graphql';

/** Each event type as an administrator reads it, with the dotted `type` its JSON carries. */
export interface EventTypeLabel {
  label: string;
  hint?: string;
  /** `member.blocked`, as integrators read it in the payload and the docs. */
  wire: string;
}

const label = (type: WebhookEventType, text: string, hint?: string): [WebhookEventType, EventTypeLabel] => [
  type,
  { label: text, hint, wire: wireTypes[type] },
];

export const eventTypeGroups: { title: string; types: [WebhookEventType, EventTypeLabel][] }[] = [
  {
    title: 'Members',
    types: [
      label('MEMBER_COMPLIANCE_CHANGED', 'A member’s methods changed', 'Added, removed or reset, or their window ended.'),
      label('MEMBER_BLOCKED', 'A member was blocked', 'Refused by the web console for lack of an accepted method.'),
      label('MEMBER_UNBLOCKED', 'A blocked member set up a method'),
      label('MEMBER_JOINED', 'A member joined'),
      label('MEMBER_LEFT', 'A member left'),
      label('MEMBER_REMOVED', 'A member was removed'),
    ],
  },
  {
    title: 'Exemptions and plan',
    types: [
      label('EXEMPTION_CREATED', 'A member was exempted'),
      label('EXEMPTION_REVOKED', 'An exemption was revoked'),
      label('EXEMPTION_EXPIRED', 'An exemption expired'),
      label('PLAN_CHANGED', 'The rollout plan changed', 'A date set, moved or cancelled; the new members’ window or the reminders.'),
    ],
  },
  {
    title: 'Requirement',
    types: [label('REQUIREMENT_CHANGED', 'The requirement changed', 'Required, lifted, or the accepted methods changed.')],
  },
  {
    title: 'Alerts',
    types: [
      label('ALERT_DELIVERED', 'An alert mail was delivered', 'Accepted by the mail server.'),
      label('ALERT_FAILED', 'An alert mail failed', 'After its retries.'),
    ],
  },
  {
    title: 'Compliance',
    types: [label('COMPLIANCE_COMPLETE', 'Every member is compliant', 'Each time the organization reaches 100%.')],
  },
];

/** Every event type, in the order the form shows them. */
export const eventTypeOrder: WebhookEventType[] = eventTypeGroups.flatMap((group) => group.types.map(([type]) => type));

export const eventTypeLabels = Object.fromEntries(eventTypeGroups.flatMap((group) => group.types)) as Record<
  WebhookEventType,
  EventTypeLabel
>;

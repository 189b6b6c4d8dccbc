import { AllowedMethods } from '@twostep/shared';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { MemberChange } from '../../core/events/domain-events.js';
import { Integration } from '../../core/graphql/surface.js';

export const MemberChangeKind = {
  TWO_FACTOR_ENABLED: 'TWO_FACTOR_ENABLED',
  TWO_FACTOR_DISABLED: 'TWO_FACTOR_DISABLED',
  METHODS_CHANGED: 'METHODS_CHANGED',
  ALERTED: 'ALERTED',
  ALERT_DELIVERY_CHANGED: 'ALERT_DELIVERY_CHANGED',
  JOINED: 'JOINED',
  LEFT: 'LEFT',
  REMOVED: 'REMOVED',
  RESET: 'RESET',
  ROLE_CHANGED: 'ROLE_CHANGED',
  EXEMPTED: 'EXEMPTED',
  EXEMPTION_ENDED: 'EXEMPTION_ENDED',
  WINDOW_ENDED: 'WINDOW_ENDED',
} as const satisfies { [K in MemberChange]: K };

registerEnumType(MemberChangeKind, {
  name: 'MemberChange',
  description: 'What happened to a member.',
  valuesConfig: {
    TWO_FACTOR_ENABLED: { description: 'The member confirmed a second factor.' },
    TWO_FACTOR_DISABLED: { description: 'The member removed their last second factor.' },
    METHODS_CHANGED: {
      description:
        'The member added their first security key or passkey, or removed their last one, while keeping 2FA on: where only keys count, their compliance changed.',
    },
    ALERTED: { description: 'An alert was queued for the member (`alert` says which).' },
    ALERT_DELIVERY_CHANGED: { description: 'An alert’s delivery state changed: sent, or failed after its retries.' },
    JOINED: { description: 'The member joined (accepted an invitation).' },
    LEFT: { description: 'The member left (`member` is null).' },
    REMOVED: { description: 'The member was removed (`member` is null).' },
    RESET: { description: 'An administrator reset the member’s second factors.' },
    ROLE_CHANGED: { description: 'The member’s role changed.' },
    EXEMPTED: { description: 'The member was exempted from the requirement until a date.' },
    EXEMPTION_ENDED: { description: 'The member’s exemption was revoked or ran out.' },
    WINDOW_ENDED: { description: 'The member’s new-member window ran out without 2FA.' },
  },
});

/*
 * Payloads of organization events are the same for every subscriber: no field may depend on who
 * subscribes (the socket executes each operation once per event and shares the result; see
 * `sharedPayload`). Reads behind the fields are memoized per event (`LivePayloads`).
 */

@ObjectType({ description: 'Something changed about one member of an organization. Carries the member’s current row.' })
@Integration()
export class MemberSecurityChange {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID, { description: 'The member concerned (their user id).' })
  userId!: string;

  @Field(() => MemberChangeKind)
  change!: MemberChange;

  @Field(() => Date, { description: 'When it happened (server time).' })
  at!: Date;

  /** The event this payload comes from: what reads behind its fields are memoized by. */
  eventId!: string;
  alertId!: string | null;
}

@ObjectType({ description: 'The organization’s 2FA requirement was switched on or off.' })
@Integration()
export class OrganizationPolicyChange {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Boolean, { description: 'Whether the requirement is on after this change.' })
  twoFactorRequired!: boolean;

  @Field(() => Date, { nullable: true, description: 'The scheduled date after this change, while the requirement is not yet in force.' })
  requiredFrom!: Date | null;

  @Field(() => AllowedMethods, {
    nullable: true,
    description: 'The accepted methods after this change, when this change set them (null for other changes: they did not move).',
  })
  allowedMethods!: AllowedMethods | null;

  @Field(() => Date)
  changedAt!: Date;

  eventId!: string;
  changedById!: string | null;
}

@ObjectType({ description: 'An alert campaign of the organization committed a batch, or finished.' })
@Integration()
export class AlertCampaignChange {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID)
  campaignId!: string;

  @Field(() => Date, { description: 'When the batch committed (server time).' })
  at!: Date;

  eventId!: string;
}

@ObjectType({ description: 'The organization’s security counts, at most once a second while its members change.' })
@Integration()
export class SecuritySummaryChange {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Date, { description: 'When the counts were asked for (server time).' })
  at!: Date;

  eventId!: string;
}

/** An audit entry was committed (`auditEventAdded` resolves it to the entry, read once per event). */
export interface AuditEntryAdded {
  organizationId: string;
  auditId: string;
  eventId: string;
}

/** A compliance history point was written (`complianceHistoryChanged` resolves it to the point). */
export interface ComplianceHistoryChange {
  organizationId: string;
  /** The point's minute. */
  pointAt: Date;
  eventId: string;
}

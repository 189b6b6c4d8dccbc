import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { WebhookEventType } from '@twostep/shared';
import { Integration } from '../../core/graphql/surface.js';
import { ActorRef } from '../organizations/index.js';

/** The schema's enum of event types: their names (the dotted `type` of each is in `WebhookEventType`). */
export const WebhookEventTypeEnum = Object.fromEntries(Object.keys(WebhookEventType).map((k) => [k, k])) as {
  [K in WebhookEventType]: K;
};

registerEnumType(WebhookEventTypeEnum, {
  name: 'WebhookEventType',
  description: 'What a webhook endpoint may subscribe to; each event’s JSON carries its `type` in dotted form (`member.blocked`).',
  valuesConfig: {
    MEMBER_COMPLIANCE_CHANGED: {
      description:
        '`member.compliance_changed`: a member’s methods changed (added, removed, reset) or their window ended; `data.compliance` is their compliance now.',
    },
    MEMBER_BLOCKED: {
      description: '`member.blocked`: a member without an accepted method was refused by the web surface (the first time in a block).',
    },
    MEMBER_UNBLOCKED: { description: '`member.unblocked`: a blocked member set up a method.' },
    MEMBER_JOINED: { description: '`member.joined`' },
    MEMBER_LEFT: { description: '`member.left`' },
    MEMBER_REMOVED: { description: '`member.removed`' },
    EXEMPTION_CREATED: { description: '`exemption.created`' },
    EXEMPTION_REVOKED: { description: '`exemption.revoked`' },
    EXEMPTION_EXPIRED: { description: '`exemption.expired`' },
    PLAN_CHANGED: {
      description: '`plan.changed`: a date scheduled, moved or cancelled, the new members’ window or the reminders changed.',
    },
    REQUIREMENT_CHANGED: { description: '`requirement.changed`: required, lifted, or the accepted methods changed.' },
    ALERT_DELIVERED: { description: '`alert.delivered`: an alert mail was accepted by the mail server.' },
    ALERT_FAILED: { description: '`alert.failed`: an alert mail failed after its retries.' },
    COMPLIANCE_COMPLETE: {
      description: '`compliance.complete`: every member not exempt has a method the organization accepts (sent each time it is reached).',
    },
  },
});

export const WebhookDeliveryState = { PENDING: 'PENDING', DELIVERED: 'DELIVERED', FAILED: 'FAILED' } as const;
export type WebhookDeliveryState = (typeof WebhookDeliveryState)[keyof typeof WebhookDeliveryState];
registerEnumType(WebhookDeliveryState, {
  name: 'WebhookDeliveryState',
  description: 'PENDING: queued or waiting for a retry; DELIVERED: a 2xx came back; FAILED: every attempt failed.',
});

@ObjectType({ description: 'One try of a delivery.' })
@Integration()
export class WebhookAttempt {
  @Field(() => Int)
  attempt!: number;

  @Field(() => Date)
  at!: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status, when an answer came.' })
  status!: number | null;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Why it failed, starting with a stable word: ADDRESS_REFUSED (a non-public address), DNS, TIMEOUT (10 s), CONNECTION, REDIRECT (not followed), STATUS (not 2xx).',
  })
  error!: string | null;
}

@ObjectType({ description: 'An event and its delivery to one endpoint.' })
@Integration()
export class WebhookDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The event’s id: the `webhook-id` header, the same on every attempt.' })
  eventId!: string;

  @Field(() => String, { description: 'The event’s dotted type (`member.blocked`, `webhook.test`).' })
  eventType!: string;

  @Field(() => GraphQLJSONObject, { description: 'The JSON body sent.' })
  payload!: object;

  @Field(() => WebhookDeliveryState)
  state!: WebhookDeliveryState;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Date, { nullable: true, description: 'When the next attempt goes, while pending.' })
  nextAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatus!: number | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => [WebhookAttempt], { description: 'Every attempt, oldest first.' })
  attemptLog!: WebhookAttempt[];
}

@ObjectType({ description: 'Where the organization’s events are POSTed, signed (never its secret).' })
@Integration()
export class WebhookEndpoint {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  url!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [WebhookEventTypeEnum])
  eventTypes!: WebhookEventType[];

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => ActorRef, { nullable: true })
  createdBy!: ActorRef | null;

  @Field(() => Date, { nullable: true, description: 'Since when every attempt has failed (null after a success).' })
  failingSince!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When Twostep switched it off after 24 hours of failures.' })
  disabledAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until when the previous secret still signs, after a rotation.' })
  previousSecretExpiresAt!: Date | null;

  organizationId!: string;
}

@ObjectType({ description: 'A new endpoint, with its signing secret: shown this once.' })
export class WebhookEndpointCreated {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field(() => String, { description: 'The signing secret (`whsec_…`), for Standard Webhooks verification. Shown once.' })
  secret!: string;
}

@InputType()
export class CreateWebhookEndpointInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => String, { description: 'https:// in production; a public address only.' })
  url!: string;

  @Field(() => [WebhookEventTypeEnum])
  eventTypes!: WebhookEventType[];

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  enabled?: boolean | null;
}

@InputType({ description: 'Changes an endpoint; fields left out stay as they are. Switching it on again clears its failures.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [WebhookEventTypeEnum], { nullable: true })
  eventTypes?: WebhookEventType[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}

@InputType()
export class WebhookEndpointRefInput {
  @Field(() => ID)
  id!: string;
}

@InputType()
export class RedeliverWebhookInput {
  @Field(() => ID)
  deliveryId!: string;
}

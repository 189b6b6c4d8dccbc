import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AllowedMethods } from '@twostep/shared';
import { Integration } from '../../core/graphql/surface.js';

registerEnumType(AllowedMethods, {
  name: 'AllowedMethods',
  description: 'Which second factors make a member compliant in an organization.',
  valuesConfig: {
    ANY: { description: 'Any confirmed method: authenticator app, security key or passkey.' },
    PHISHING_RESISTANT: {
      description:
        'Only security keys and passkeys (WebAuthn, bound to the site): a member with only an authenticator app counts as without 2FA.',
    },
  },
});

@ObjectType({ description: 'Someone who acted: a person, or an organization’s integration token.' })
@Integration()
export class ActorRef {
  @Field(() => ID, { nullable: true, description: 'The person, when a person acted.' })
  userId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The integration token, when a token acted.' })
  tokenId!: string | null;

  @Field(() => String, { description: 'A display name: the person’s name, or the token’s name.' })
  name!: string;
}

@ObjectType({ description: 'An organization’s security policy.' })
@Integration()
export class SecurityPolicy {
  @Field(() => Boolean, { description: 'Whether every member must have 2FA to use the web surface.' })
  twoFactorRequired!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the requirement last changed.' })
  changedAt!: Date | null;

  @Field(() => ActorRef, { nullable: true, description: 'Who last changed it.' })
  changedBy!: ActorRef | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the requirement turns on by itself, while it is scheduled (null when not scheduled or already in force).',
  })
  requiredFrom!: Date | null;

  @Field(() => ActorRef, { nullable: true, description: 'Who scheduled it (the switch at the date is recorded as their act).' })
  scheduledBy!: ActorRef | null;

  @Field(() => Date, { nullable: true, description: 'When it was scheduled (or last moved).' })
  scheduledAt!: Date | null;

  @Field(() => AllowedMethods, { description: 'Which methods make a member compliant here (default ANY).' })
  allowedMethods!: AllowedMethods;

  @Field(() => Int, { description: 'Days members who join while a plan runs may take to set up 2FA (0–90).' })
  newMemberWindowDays!: number;

  @Field(() => [Int], { description: 'Days before a scheduled date when members without 2FA are reminded (besides the switch itself).' })
  reminderOffsets!: number[];

  @Field(() => String, { description: 'The IANA time zone of the dates in the organization’s mails (default UTC).' })
  timeZone!: string;

  /** Whose policy this is (for the fields other modules resolve: the reminders). */
  organizationId!: string;
}

/**
 * Fields are classified one by one: what an integration token may reach carries `@integration`
 * (with the scope it needs); the rest (invitations, tokens, preferences) is for people only.
 */
@ObjectType({ description: 'An organization, as its administrators and integration tokens see it.' })
export class Organization {
  @Field(() => ID)
  @Integration()
  id!: string;

  @Field(() => String)
  @Integration()
  name!: string;
}

import { AllowedMethods } from '@twostep/shared';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'Turns the 2FA requirement of an organization on or off.' })
export class SetTwoFactorRequirementInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Boolean, { description: 'true requires 2FA of every member; false lifts the requirement.' })
  required!: boolean;

  @Field(() => Boolean, { description: 'Must be true: the person confirmed the change in the window that explains it.' })
  confirm!: boolean;
}

@InputType({ description: 'Schedules the 2FA requirement of an organization for a date, or moves the scheduled date.' })
export class ScheduleTwoFactorRequirementInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Date, { description: 'When the requirement turns on by itself: at least one hour and at most one year ahead.' })
  requiredFrom!: Date;

  @Field(() => Boolean, { description: 'Must be true: the person confirmed the date in the window that explains it.' })
  confirm!: boolean;
}

@InputType({ description: 'Cancels a scheduled requirement before its date.' })
export class CancelScheduledTwoFactorRequirementInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Boolean, { description: 'Must be true.' })
  confirm!: boolean;
}

@InputType({ description: 'The days members who join while a plan runs may take to set up 2FA.' })
export class SetNewMemberWindowInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int, { description: '0 to 90; 0 means new members are held to the plan like everyone else.' })
  days!: number;
}

@InputType({ description: 'When members without 2FA are reminded of a scheduled requirement.' })
export class SetReminderOffsetsInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => [Int], {
    description: '0 to 5 different whole days from 1 to 60 before the date; the switch itself always gets a reminder.',
  })
  offsets!: number[];
}

@InputType({ description: 'The time zone of the dates in the organization’s mails.' })
export class SetOrganizationTimeZoneInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => String, { description: 'An IANA time zone name, such as Europe/Paris or UTC.' })
  timeZone!: string;
}

@InputType({ description: 'Which second factors count in an organization.' })
export class SetAllowedMethodsInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => AllowedMethods, {
    description: 'ANY, or PHISHING_RESISTANT (only security keys and passkeys; the person setting it needs one of their own).',
  })
  allowedMethods!: AllowedMethods;

  @Field(() => Boolean, { description: 'Must be true: the person confirmed the change after seeing whom it would block.' })
  confirm!: boolean;
}

import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Turns the 2FA requirement of an organization on or off.' })
export class SetTwoFactorRequirementInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Boolean, { description: 'true requires 2FA of every member; false lifts the requirement.' })
  required!: boolean;

  @Field(() => Boolean, { description: 'Must be true: the person confirmed the change in the window that explains it.' })
  confirm!: boolean;
}

import { Field, ID, InputType } from 'type-graphql';
import { ProofInput } from '../two-factor/index.js';

@InputType()
export class ResetMemberInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => ProofInput, { description: 'The administrator’s own current password or code.' })
  proof!: ProofInput;

  @Field(() => Boolean, { description: 'Must be true: the administrator confirmed.' })
  confirm!: boolean;
}

import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AlertState } from '@twostep/shared';
import { Integration } from '../../core/graphql/surface.js';
import { ActorRef } from '../organizations/index.js';

registerEnumType(AlertState, {
  name: 'AlertState',
  description: 'Delivery of an alert e-mail: queued, sent to the mail server, or given up after retries.',
});

export const CampaignState = { RUNNING: 'RUNNING', FINISHED: 'FINISHED' } as const;
export type CampaignState = (typeof CampaignState)[keyof typeof CampaignState];
registerEnumType(CampaignState, { name: 'CampaignState' });

@ObjectType({ description: 'A security e-mail asking one member to enable 2FA.' })
@Integration()
export class Alert {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The member alerted.' })
  userId!: string;

  @Field(() => AlertState)
  state!: AlertState;

  @Field(() => Int, { description: 'Delivery attempts so far.' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'The last delivery error, if any.' })
  lastError!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  sentAt!: Date | null;

  @Field(() => ActorRef, { nullable: true, description: 'Who asked for it.' })
  requestedBy!: ActorRef | null;

  @Field(() => ID, { nullable: true, description: 'The campaign that sent it, if any.' })
  campaignId!: string | null;
}

@ObjectType({ description: '“Warn all members without 2FA”: runs in batches that survive a crash.' })
@Integration()
export class AlertCampaign {
  @Field(() => ID)
  id!: string;

  @Field(() => CampaignState)
  state!: CampaignState;

  @Field(() => Int, { description: 'Alerts queued so far.' })
  queued!: number;

  @Field(() => Int, { description: 'Members skipped because they were alerted too recently.' })
  skipped!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}

@InputType()
export class SendAlertInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID, { description: 'The member to alert.' })
  userId!: string;

  @Field(() => Boolean, { description: 'Must be true: the administrator confirmed.' })
  confirm!: boolean;
}

@InputType()
export class AlertAllInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Boolean, { description: 'Must be true: the administrator confirmed.' })
  confirm!: boolean;
}

import { Field, ObjectType } from 'type-graphql';
import { Integration } from '../../core/graphql/surface.js';
import { ActorRef, SecurityPolicy } from '../organizations/index.js';
import { ComplianceHistory, CompliancePoint } from './history.types.js';

@ObjectType({
  description:
    'What an auditor asks for, for one organization and date range: the policy and its changes, compliance at the start and end with the history between, the current exemptions, resets and lockouts, and every member without 2FA. Its lists page like the member list and the audit log.',
})
@Integration()
export class EvidenceReport {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Date, { description: 'When this report was generated (server time).' })
  generatedAt!: Date;

  // The parts below are read by `EvidenceReportResolver` when asked for: a client paging one list
  // does not have the history and the policy read again with each page.
  @Field(() => ActorRef, { description: 'Who generated it: the person signed in, or the integration token.' })
  generatedBy?: ActorRef;

  @Field(() => SecurityPolicy, { description: 'The policy now.' })
  policy?: SecurityPolicy;

  @Field(() => CompliancePoint, { nullable: true, description: 'The counts in force at `from` (null before the first recorded point).' })
  atStart?: CompliancePoint | null;

  @Field(() => CompliancePoint, { nullable: true, description: 'The counts in force at `to`.' })
  atEnd?: CompliancePoint | null;

  @Field(() => ComplianceHistory, { description: 'The history over the range, by the finest resolution that fits (minute, hour or day).' })
  history?: ComplianceHistory;

  organizationId!: string;
}

import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AllowedMethods } from '@twostep/shared';
import { Integration } from '../../core/graphql/surface.js';

export const HistoryResolution = { MINUTE: 'MINUTE', HOUR: 'HOUR', DAY: 'DAY' } as const;
export type HistoryResolution = (typeof HistoryResolution)[keyof typeof HistoryResolution];
registerEnumType(HistoryResolution, {
  name: 'HistoryResolution',
  description: 'How finely a compliance history is told: at most one point per minute, hour or day (UTC), the last of each.',
});

/** The length of each resolution's step, in milliseconds. */
export const resolutionMs: Record<HistoryResolution, number> = { MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

@ObjectType({
  description:
    'The organization’s counts at a moment: recorded at every change that moves them, at most one point a minute (the minute’s last state).',
})
@Integration()
export class CompliancePoint {
  @Field(() => Date, { description: 'When these counts held from (the minute of the change; `from` for the range’s first point).' })
  at!: Date;

  @Field(() => Int)
  members!: number;

  @Field(() => Int, { description: 'Members with a method the organization accepts.' })
  compliant!: number;

  @Field(() => Int, { description: 'Without an accepted method and exempt.' })
  exempt!: number;

  @Field(() => Int, { description: 'Without an accepted method, their own deadline ahead.' })
  inWindow!: number;

  @Field(() => Int, { description: 'Without an accepted method, not exempt, no deadline ahead.' })
  nonCompliant!: number;

  @Field(() => Int, { description: 'Non-compliant while the requirement was in force: kept out of the web console and web apps.' })
  blocked!: number;

  @Field(() => Int, { description: '`compliant / (members − exempt)` in percent, rounded down; 100 when that is nobody.' })
  compliancePercent!: number;

  @Field(() => Boolean, { description: 'The requirement was in force.' })
  required!: boolean;

  @Field(() => AllowedMethods, { description: 'The methods that counted.' })
  allowedMethods!: AllowedMethods;
}

@ObjectType({
  description:
    'How compliance moved over a range: the points (the state in force at `from` first, when one was recorded before it), and the policy changes as markers.',
})
@Integration()
export class ComplianceHistory {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => HistoryResolution)
  resolution!: HistoryResolution;

  @Field(() => [CompliancePoint], { description: 'Oldest first. A point’s counts hold until the next point.' })
  points!: CompliancePoint[];

  /** Read by the markers' field resolver (it needs `audit:read` of a token). */
  organizationId!: string;
}

/** The policy changes that a history shows as markers. */
export const policyActions = [
  'REQUIREMENT_ENABLED',
  'REQUIREMENT_DISABLED',
  'REQUIREMENT_SCHEDULED',
  'REQUIREMENT_SCHEDULE_CANCELLED',
  'METHOD_POLICY_CHANGED',
] as const;

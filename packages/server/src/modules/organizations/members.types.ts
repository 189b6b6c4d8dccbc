import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Compliance, MemberColumn, MembershipKind, Role, TwoFactorMethodKind } from '@twostep/shared';
import { Integration } from '../../core/graphql/surface.js';
import { ActorRef } from './organization.types.js';

registerEnumType(Compliance, {
  name: 'Compliance',
  description: 'What an organization makes of a member’s second factors.',
  valuesConfig: {
    COMPLIANT: { description: 'Has a method the organization accepts.' },
    EXEMPT: { description: 'Without one, but exempted by the organization until a date.' },
    IN_WINDOW: { description: 'Without one, and their own deadline (the plan’s date, or their new-member window) is ahead.' },
    NON_COMPLIANT: { description: 'Without one, not exempt, and no deadline ahead: blocked while the organization requires 2FA.' },
  },
});

@ObjectType({ description: 'A member’s exemption from the organization’s requirement (one open at a time).' })
@Integration()
export class Exemption {
  @Field(() => String)
  reason!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => ActorRef, { nullable: true, description: 'Who granted it; null when that account or token is gone.' })
  createdBy!: ActorRef | null;
}

export const TwoFactorStatus = { ENABLED: 'ENABLED', DISABLED: 'DISABLED' } as const;
export type TwoFactorStatus = (typeof TwoFactorStatus)[keyof typeof TwoFactorStatus];
registerEnumType(TwoFactorStatus, {
  name: 'TwoFactorStatus',
  description:
    'Whether a member has a second factor the organization accepts: any confirmed method, or a security key or passkey where only those count (the summary’s `withTwoFactor`).',
});

export const MemberOrderField = { NAME: 'NAME', EMAIL: 'EMAIL', JOINED_AT: 'JOINED_AT', TWO_FACTOR: 'TWO_FACTOR' } as const;
export type MemberOrderField = (typeof MemberOrderField)[keyof typeof MemberOrderField];
registerEnumType(MemberOrderField, { name: 'MemberOrderField' });

export const OrderDirection = { ASC: 'ASC', DESC: 'DESC' } as const;
export type OrderDirection = (typeof OrderDirection)[keyof typeof OrderDirection];
registerEnumType(OrderDirection, { name: 'OrderDirection' });

registerEnumType(MemberColumn, {
  name: 'MemberColumn',
  description: 'A column of the member list that an administrator can show or hide.',
});

@InputType({ description: 'Narrows the member list; all given conditions apply.' })
export class MemberFilter {
  @Field(() => TwoFactorStatus, {
    nullable: true,
    description:
      'A method the organization accepts (ENABLED) or not (DISABLED), as the summary counts them; ordering by TWO_FACTOR follows the same rule.',
  })
  twoFactor?: TwoFactorStatus | null;

  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => MembershipKind, { nullable: true })
  kind?: MembershipKind | null;

  @Field(() => String, { nullable: true, description: 'Part of a name or e-mail, case-insensitive.' })
  search?: string | null;

  @Field(() => Compliance, { nullable: true, description: 'Members with this compliance in the organization, now.' })
  compliance?: Compliance | null;
}

@InputType()
export class MemberOrder {
  @Field(() => MemberOrderField)
  field!: MemberOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  direction!: OrderDirection;
}

@ObjectType({ description: 'A member of an organization and their 2FA status.' })
@Integration()
export class Member {
  @Field(() => ID, { description: 'The user’s id.' })
  id!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String)
  email!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => MembershipKind)
  kind!: MembershipKind;

  @Field(() => Date)
  joinedAt!: Date;

  @Field(() => Boolean, { description: 'At least one confirmed second factor of any kind.' })
  twoFactorEnabled!: boolean;

  @Field(() => [TwoFactorMethodKind], {
    description: 'The kinds of the member’s confirmed methods (TOTP, SECURITY_KEY, PASSKEY), never any credential data.',
  })
  methodKinds!: TwoFactorMethodKind[];

  @Field(() => Date, { nullable: true, description: 'When this organization last sent the member an alert.' })
  lastAlertedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the next alert may be sent; null when it may be sent now.' })
  nextAlertAllowedAt!: Date | null;

  @Field(() => ID, { description: 'The organization of this membership (with `id`, it identifies the row).' })
  organizationId!: string;

  @Field(() => Compliance, { description: 'What this organization makes of the member’s second factors, now.' })
  compliance!: Compliance;

  @Field(() => Date, { nullable: true, description: 'The member’s own deadline here while `IN_WINDOW`; otherwise null.' })
  deadline!: Date | null;

  @Field(() => Exemption, { nullable: true, description: 'The member’s running exemption here, if any.' })
  exemption!: Exemption | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When this organization began to block the member (its requirement took effect, or their window ended); null when it does not block them.',
  })
  blockedSince!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the member first tried to act on the web while blocked, in the current block episode.',
  })
  blockedAttemptAt!: Date | null;
}

@ObjectType()
@Integration()
export class MemberEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Member)
  node!: Member;
}

@ObjectType()
@Integration()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'A page of members. `totalCount` counts every member matching the filter.' })
@Integration()
export class MemberConnection {
  @Field(() => [MemberEdge])
  edges!: MemberEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Set by the service: counting is a second statement, run only when asked for. */
  countTotal!: () => Promise<number>;
}

@ObjectType({ description: 'Counts of members with and without 2FA.' })
@Integration()
export class SecurityCounts {
  @Field(() => Int)
  members!: number;

  @Field(() => Int)
  withTwoFactor!: number;

  @Field(() => Int)
  withoutTwoFactor!: number;

  @Field(() => Int, { description: 'Without 2FA and exempt (counted apart from the compliant share).' })
  exempt!: number;

  @Field(() => Int, { description: 'Without 2FA, their own deadline ahead.' })
  inWindow!: number;

  @Field(() => Int, { description: 'Without 2FA, not exempt, no deadline ahead.' })
  nonCompliant!: number;
}

@ObjectType({ description: 'Counts for one role or kind.' })
@Integration()
export class SecurityCountsBy extends SecurityCounts {
  @Field(() => String, { description: 'The role or kind counted.' })
  key!: string;
}

@ObjectType({ description: 'How many members have 2FA, overall and per role and kind.' })
@Integration()
export class SecuritySummary extends SecurityCounts {
  @Field(() => Int, {
    description:
      'Percentage of members with 2FA among those not exempt (`withTwoFactor / (members − exempt)`), rounded down; 100 when that is nobody.',
  })
  compliancePercent!: number;

  @Field(() => [SecurityCountsBy])
  byRole!: SecurityCountsBy[];

  @Field(() => [SecurityCountsBy])
  byKind!: SecurityCountsBy[];
}

@InputType()
export class SetMemberListColumnsInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => [MemberColumn])
  columns!: MemberColumn[];
}

@InputType()
export class ChangeMemberRoleInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => Role)
  role!: Role;
}

@InputType()
export class MemberRefInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID)
  userId!: string;
}

@InputType()
export class OrganizationRefInput {
  @Field(() => ID)
  organizationId!: string;
}

import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Scope } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import type { OrganizationsService } from '../organizations/index.js';
import type { SecurityPolicyService } from './security-policy.service.js';
import { Reminder, remindersOf } from './reminders.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize, Permission } from '../access/index.js';
import { SecurityPolicy } from '../organizations/index.js';
import {
  CancelScheduledTwoFactorRequirementInput,
  ScheduleTwoFactorRequirementInput,
  SetNewMemberWindowInput,
  SetReminderOffsetsInput,
  SetOrganizationTimeZoneInput,
  SetTwoFactorRequirementInput,
  SetAllowedMethodsInput,
} from './security-policy.types.js';

export interface SecurityPolicyResolverDeps {
  securityPolicy: SecurityPolicyService;
  organizations: Pick<OrganizationsService, 'policy'>;
}

@Resolver()
export class SecurityPolicyResolver {
  constructor(private readonly deps: SecurityPolicyResolverDeps) {}

  @Mutation(() => SecurityPolicy, {
    description:
      'Requires 2FA of every member of the organization, or stops requiring it. For legal representatives and administrators who have 2FA themselves, or a token with policy:write. Setting the current value again changes nothing.',
  })
  @Integration(Scope.POLICY_WRITE)
  async setTwoFactorRequirement(
    @Arg('input', () => SetTwoFactorRequirementInput) input: SetTwoFactorRequirementInput,
    @Ctx() { em, principal }: Context,
  ): Promise<SecurityPolicy> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await this.deps.securityPolicy.setRequirement(em, actor, input.required, input.confirm);
    return this.deps.organizations.policy(em, actor.organizationId);
  }

  @Mutation(() => SecurityPolicy, {
    description:
      'Sets which methods count: ANY, or PHISHING_RESISTANT (only security keys and passkeys; members with only an authenticator app then count as without 2FA there, and `lockoutPreview(allowedMethods:)` names whom that would block). Same people as setTwoFactorRequirement; a person needs a key of their own to require keys (ACTOR_TWO_FACTOR_REQUIRED). Going back to ANY is mailed to the legal representatives.',
  })
  @Integration(Scope.POLICY_WRITE)
  async setAllowedMethods(
    @Arg('input', () => SetAllowedMethodsInput) input: SetAllowedMethodsInput,
    @Ctx() { em, principal }: Context,
  ): Promise<SecurityPolicy> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await this.deps.securityPolicy.setAllowedMethods(em, actor, input.allowedMethods, input.confirm);
    return this.deps.organizations.policy(em, actor.organizationId);
  }

  @Mutation(() => SecurityPolicy, {
    description:
      'Schedules the requirement for a date (one hour to one year ahead), or moves the scheduled date. It turns on by itself at that date, exactly once, as the act of the person who scheduled it. Same people as setTwoFactorRequirement; CONFLICT when already in force.',
  })
  @Integration(Scope.POLICY_WRITE)
  async scheduleTwoFactorRequirement(
    @Arg('input', () => ScheduleTwoFactorRequirementInput) input: ScheduleTwoFactorRequirementInput,
    @Ctx() { em, principal }: Context,
  ): Promise<SecurityPolicy> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await this.deps.securityPolicy.schedule(em, actor, input.requiredFrom, input.confirm);
    return this.deps.organizations.policy(em, actor.organizationId);
  }

  @Mutation(() => SecurityPolicy, {
    description: 'Cancels the scheduled requirement before its date (CONFLICT when nothing is scheduled).',
  })
  @Integration(Scope.POLICY_WRITE)
  async cancelScheduledTwoFactorRequirement(
    @Arg('input', () => CancelScheduledTwoFactorRequirementInput) input: CancelScheduledTwoFactorRequirementInput,
    @Ctx() { em, principal }: Context,
  ): Promise<SecurityPolicy> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await this.deps.securityPolicy.cancelSchedule(em, actor, input.confirm);
    return this.deps.organizations.policy(em, actor.organizationId);
  }

  @Mutation(() => SecurityPolicy, {
    description: 'Sets the days (0–90) that members who join while the requirement is on or scheduled may take to set up 2FA.',
  })
  @Integration(Scope.POLICY_WRITE)
  async setNewMemberWindow(
    @Arg('input', () => SetNewMemberWindowInput) input: SetNewMemberWindowInput,
    @Ctx() { em, principal }: Context,
  ): Promise<SecurityPolicy> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await this.deps.securityPolicy.setNewMemberWindow(em, actor, input.days);
    return this.deps.organizations.policy(em, actor.organizationId);
  }

  @Mutation(() => SecurityPolicy, {
    description:
      'Sets when members without 2FA are reminded before a scheduled date (0–5 offsets of 1–60 days); a running plan is re-planned, keeping what was sent.',
  })
  @Integration(Scope.POLICY_WRITE)
  async setReminderOffsets(
    @Arg('input', () => SetReminderOffsetsInput) input: SetReminderOffsetsInput,
    @Ctx() { em, principal }: Context,
  ): Promise<SecurityPolicy> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await this.deps.securityPolicy.setReminderOffsets(em, actor, input.offsets);
    return this.deps.organizations.policy(em, actor.organizationId);
  }

  @Mutation(() => SecurityPolicy, { description: 'Sets the time zone (IANA name) of the dates in the organization’s mails.' })
  @Integration(Scope.POLICY_WRITE)
  async setOrganizationTimeZone(
    @Arg('input', () => SetOrganizationTimeZoneInput) input: SetOrganizationTimeZoneInput,
    @Ctx() { em, principal }: Context,
  ): Promise<SecurityPolicy> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await this.deps.securityPolicy.setTimeZone(em, actor, input.timeZone);
    return this.deps.organizations.policy(em, actor.organizationId);
  }
}

/** The reminders of the plan, beside the policy organizations gives. */
@Resolver(() => SecurityPolicy)
export class PolicyRemindersResolver {
  @FieldResolver(() => [Reminder], {
    description:
      'The reminders of the scheduled requirement (and of the switch): when each is due, and whether it was sent or skipped. Empty without a plan.',
  })
  reminders(@Root() policy: SecurityPolicy, @Ctx() { em }: Context): Promise<Reminder[]> {
    return remindersOf(em, policy.organizationId);
  }
}

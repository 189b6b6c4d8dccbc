import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ErrorCode, MemberColumn } from '@twostep/shared';
import { DomainError } from '../../core/errors.js';
import type { Context } from '../../context.js';
import { sessionOf } from '../../core/graphql/guards.js';
import { AllowedWhileBlocked } from '../../core/graphql/surface.js';
import { authorize, requireActorTwoFactor } from './organization-access.js';
import { ChangeMemberRoleInput, Member, MemberRefInput, OrganizationRefInput, SetMemberListColumnsInput } from './members.types.js';
import { Permission } from './permissions.js';
import { ResetMemberInput } from './reset.types.js';

@Resolver()
export class MembersResolver {
  @Query(() => [MemberColumn], {
    description: 'The member-list columns the viewer chose to show in this organization (the Security column among them). People only.',
  })
  async memberListColumns(
    @Arg('organizationId', () => ID) organizationId: string,
    @Ctx() { em, principal, services }: Context,
  ): Promise<MemberColumn[]> {
    const actor = await authorize(em, principal, organizationId, Permission.READ_MEMBERS);
    return services.members.columns(em, actor);
  }

  @Mutation(() => [MemberColumn], { description: 'Remembers which member-list columns the viewer shows in this organization.' })
  async setMemberListColumns(
    @Arg('input', () => SetMemberListColumnsInput) input: SetMemberListColumnsInput,
    @Ctx() { em, principal, services }: Context,
  ): Promise<MemberColumn[]> {
    const actor = await authorize(em, principal, input.organizationId, Permission.READ_MEMBERS);
    return services.members.setColumns(em, actor, input.columns);
  }

  @Mutation(() => Member, {
    description: 'Changes a member’s role. Only legal representatives grant or take the legal-representative role; the last one stays.',
  })
  async changeMemberRole(
    @Arg('input', () => ChangeMemberRoleInput) input: ChangeMemberRoleInput,
    @Ctx() { em, principal, services }: Context,
  ): Promise<Member> {
    const actor = await authorize(em, principal, input.organizationId, Permission.MANAGE_MEMBERS);
    return services.members.changeRole(em, actor, input.userId, input.role);
  }

  @Mutation(() => Boolean, { description: 'Removes a member from the organization.' })
  async removeMember(
    @Arg('input', () => MemberRefInput) input: MemberRefInput,
    @Ctx() { em, principal, services }: Context,
  ): Promise<boolean> {
    const actor = await authorize(em, principal, input.organizationId, Permission.MANAGE_MEMBERS);
    await services.members.remove(em, actor, input.userId);
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'An EXTERNAL member leaves the organization (instead of enabling 2FA, if they prefer). Allowed while blocked.',
  })
  @AllowedWhileBlocked()
  async leaveOrganization(
    @Arg('input', () => OrganizationRefInput) input: OrganizationRefInput,
    @Ctx() { em, principal, services }: Context,
  ): Promise<boolean> {
    sessionOf(principal);
    const actor = await authorize(em, principal, input.organizationId, Permission.VIEW_ORGANIZATION);
    await services.members.leave(em, actor);
    return true;
  }

  @Mutation(() => Member, {
    description:
      'Removes every second factor of an INTERNAL member who lost their device. Needs the administrator’s own fresh proof; the member’s sessions end and they are told by e-mail.',
  })
  async resetMemberSecondFactors(
    @Arg('input', () => ResetMemberInput) input: ResetMemberInput,
    @Ctx() { em, principal, services }: Context,
  ): Promise<Member> {
    const actor = await authorize(em, principal, input.organizationId, Permission.RESET_MEMBERS);
    if (input.confirm !== true) throw new DomainError(ErrorCode.CONFIRMATION_REQUIRED, 'Confirm the reset.');
    requireActorTwoFactor(actor, 'resetting a member’s second factors');
    await services.accounts.checkProof(em, actor.userId!, input.proof);
    return services.members.resetSecondFactors(em, actor, input.userId);
  }
}

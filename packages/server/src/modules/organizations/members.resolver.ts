import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ErrorCode, MemberColumn } from '@twostep/shared';
import { DomainError } from '../../core/errors.js';
import type { Context } from '../../core/graphql/context.js';
import type { AccountsService } from '../accounts/index.js';
import type { MembersService } from './members.service.js';
import { sessionOf } from '../../core/graphql/guards.js';
import { AllowedWhileBlocked } from '../../core/graphql/surface.js';
import { authorize, Permission, requireOwnTwoFactor } from '../access/index.js';
import { ChangeMemberRoleInput, Member, MemberRefInput, OrganizationRefInput, SetMemberListColumnsInput } from './members.types.js';
import { ResetMemberInput } from './reset.types.js';

export interface MembersResolverDeps {
  members: MembersService;
  accounts: Pick<AccountsService, 'checkProof'>;
}

@Resolver()
export class MembersResolver {
  constructor(private readonly deps: MembersResolverDeps) {}

  @Query(() => [MemberColumn], {
    description: 'The member-list columns the viewer chose to show in this organization (the Security column among them). People only.',
  })
  async memberListColumns(
    @Arg('organizationId', () => ID) organizationId: string,
    @Ctx() { em, principal }: Context,
  ): Promise<MemberColumn[]> {
    const actor = await authorize(em, principal, organizationId, Permission.READ_MEMBERS);
    return this.deps.members.columns(em, actor);
  }

  @Mutation(() => [MemberColumn], { description: 'Remembers which member-list columns the viewer shows in this organization.' })
  async setMemberListColumns(
    @Arg('input', () => SetMemberListColumnsInput) input: SetMemberListColumnsInput,
    @Ctx() { em, principal }: Context,
  ): Promise<MemberColumn[]> {
    const actor = await authorize(em, principal, input.organizationId, Permission.READ_MEMBERS);
    return this.deps.members.setColumns(em, actor, input.columns);
  }

  @Mutation(() => Member, {
    description: 'Changes a member’s role. Only legal representatives grant or take the legal-representative role; the last one stays.',
  })
  async changeMemberRole(
    @Arg('input', () => ChangeMemberRoleInput) input: ChangeMemberRoleInput,
    @Ctx() { em, principal }: Context,
  ): Promise<Member> {
    const actor = await authorize(em, principal, input.organizationId, Permission.MANAGE_MEMBERS);
    return this.deps.members.changeRole(em, actor, input.userId, input.role);
  }

  @Mutation(() => Boolean, { description: 'Removes a member from the organization.' })
  async removeMember(@Arg('input', () => MemberRefInput) input: MemberRefInput, @Ctx() { em, principal }: Context): Promise<boolean> {
    const actor = await authorize(em, principal, input.organizationId, Permission.MANAGE_MEMBERS);
    await this.deps.members.remove(em, actor, input.userId);
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'An EXTERNAL member leaves the organization (instead of enabling 2FA, if they prefer). Allowed while blocked.',
  })
  @AllowedWhileBlocked()
  async leaveOrganization(
    @Arg('input', () => OrganizationRefInput) input: OrganizationRefInput,
    @Ctx() { em, principal }: Context,
  ): Promise<boolean> {
    sessionOf(principal);
    const actor = await authorize(em, principal, input.organizationId, Permission.VIEW_ORGANIZATION);
    await this.deps.members.leave(em, actor);
    return true;
  }

  @Mutation(() => Member, {
    description:
      'Removes every second factor of an INTERNAL member who lost their device. Needs the administrator’s own fresh proof; the member’s sessions end and they are told by e-mail.',
  })
  async resetMemberSecondFactors(
    @Arg('input', () => ResetMemberInput) input: ResetMemberInput,
    @Ctx() { em, principal }: Context,
  ): Promise<Member> {
    const actor = await authorize(em, principal, input.organizationId, Permission.RESET_MEMBERS);
    if (input.confirm !== true) throw new DomainError(ErrorCode.CONFIRMATION_REQUIRED, 'Confirm the reset.');
    requireOwnTwoFactor(actor, 'resetting a member’s second factors');
    await this.deps.accounts.checkProof(em, actor.userId!, input.proof);
    return this.deps.members.resetSecondFactors(em, actor, input.userId);
  }
}

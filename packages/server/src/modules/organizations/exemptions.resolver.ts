import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { Scope } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize, Permission } from '../access/index.js';
import type { ExemptionsService } from './exemptions.service.js';
import type { MembersService } from './members.service.js';
import { Member } from './members.types.js';

@InputType({ description: 'Exempts a member from the organization’s requirement until a date.' })
export class ExemptMemberInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => String, { description: 'Why (1–500 characters), shown to administrators and in the audit log.' })
  reason!: string;

  @Field(() => Date, { description: 'When the exemption ends: in the future, at most a year ahead.' })
  expiresAt!: Date;
}

@InputType()
export class RevokeExemptionInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID)
  userId!: string;
}

export interface ExemptionsResolverDeps {
  exemptions: ExemptionsService;
  members: Pick<MembersService, 'get'>;
}

@Resolver()
export class ExemptionsResolver {
  constructor(private readonly deps: ExemptionsResolverDeps) {}

  @Mutation(() => Member, {
    description:
      'Exempts a member from the requirement until a date (replacing a running exemption). Legal representatives and administrators with 2FA; exempting an administrator or legal representative takes a legal representative; a policy:write token exempts only USER members; nobody exempts themselves.',
  })
  @Integration(Scope.POLICY_WRITE)
  async exemptMember(@Arg('input', () => ExemptMemberInput) input: ExemptMemberInput, @Ctx() { em, principal }: Context): Promise<Member> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await this.deps.exemptions.exempt(em, actor, input.userId, input.reason, input.expiresAt);
    return this.deps.members.get(em, actor.organizationId, input.userId);
  }

  @Mutation(() => Member, { description: 'Ends a member’s running exemption early (same people as exemptMember).' })
  @Integration(Scope.POLICY_WRITE)
  async revokeExemption(
    @Arg('input', () => RevokeExemptionInput) input: RevokeExemptionInput,
    @Ctx() { em, principal }: Context,
  ): Promise<Member> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await this.deps.exemptions.revoke(em, actor, input.userId);
    return this.deps.members.get(em, actor.organizationId, input.userId);
  }
}

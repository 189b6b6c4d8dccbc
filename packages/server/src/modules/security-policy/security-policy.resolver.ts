import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Scope } from '@twostep/shared';
import type { Context } from '../../context.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize, Permission, SecurityPolicy } from '../organizations/index.js';
import { SetTwoFactorRequirementInput } from './security-policy.types.js';

@Resolver()
export class SecurityPolicyResolver {
  @Mutation(() => SecurityPolicy, {
    description:
      'Requires 2FA of every member of the organization, or stops requiring it. For legal representatives and administrators who have 2FA themselves, or a token with policy:write. Setting the current value again changes nothing.',
  })
  @Integration(Scope.POLICY_WRITE)
  async setTwoFactorRequirement(
    @Arg('input', () => SetTwoFactorRequirementInput) input: SetTwoFactorRequirementInput,
    @Ctx() { em, principal, services }: Context,
  ): Promise<SecurityPolicy> {
    const actor = await authorize(em, principal, input.organizationId, Permission.CHANGE_POLICY);
    await services.securityPolicy.setRequirement(em, actor, input.required, input.confirm);
    return services.organizations.policy(em, actor.organizationId);
  }
}

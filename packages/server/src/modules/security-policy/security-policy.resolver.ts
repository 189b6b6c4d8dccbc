import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Scope } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import type { OrganizationsService } from '../organizations/index.js';
import type { SecurityPolicyService } from './security-policy.service.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize, Permission } from '../access/index.js';
import { SecurityPolicy } from '../organizations/index.js';
import { SetTwoFactorRequirementInput } from './security-policy.types.js';

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
}

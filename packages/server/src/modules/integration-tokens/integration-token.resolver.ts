import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { OrganizationNode } from '../organizations/index.js';
import {
  CreatedIntegrationToken,
  CreateIntegrationTokenInput,
  IntegrationToken,
  RevokeIntegrationTokenInput,
} from './integration-token.types.js';

/**
 * Web only, on purpose (no surface directive): a token can neither see nor mint tokens, so a
 * leaked one cannot widen or prolong its own access.
 */
@Resolver(() => OrganizationNode)
export class IntegrationTokenResolver {
  @FieldResolver(() => [IntegrationToken], {
    description: 'The organization’s integration tokens, newest first, revoked and expired ones included. Administrators only.',
  })
  async integrationTokens(
    @Root() organization: OrganizationNode,
    @Ctx() { em, principal, services }: Context,
  ): Promise<IntegrationToken[]> {
    return services.integrationTokens.list(em, principal, organization.id);
  }

  @Mutation(() => CreatedIntegrationToken, {
    description:
      'Creates an integration token with scopes, optionally expiring. Its secret is in the answer, once. Granting POLICY_WRITE needs the creator to have 2FA.',
  })
  async createIntegrationToken(
    @Arg('input', () => CreateIntegrationTokenInput) input: CreateIntegrationTokenInput,
    @Ctx() { em, principal, services }: Context,
  ): Promise<CreatedIntegrationToken> {
    return services.integrationTokens.create(em, principal, input.organizationId, input);
  }

  @Mutation(() => Boolean, {
    description: 'Revokes an integration token at once, live connections included. False when it was already revoked.',
  })
  async revokeIntegrationToken(
    @Arg('input', () => RevokeIntegrationTokenInput) input: RevokeIntegrationTokenInput,
    @Ctx() { em, principal, services }: Context,
  ): Promise<boolean> {
    return services.integrationTokens.revoke(em, principal, input.organizationId, input.id);
  }
}

import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import type { IntegrationTokensService } from './integration-tokens.service.js';
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
// A root query rather than a field of `Organization`: the organization is reachable by
// integration tokens, and no path from it may lead to what only people may see.
export interface IntegrationTokenResolverDeps {
  integrationTokens: IntegrationTokensService;
}

@Resolver()
export class IntegrationTokenResolver {
  constructor(private readonly deps: IntegrationTokenResolverDeps) {}

  @Query(() => [IntegrationToken], {
    description: 'The organization’s integration tokens, newest first, revoked and expired ones included. Administrators only.',
  })
  async integrationTokens(
    @Arg('organizationId', () => ID) organizationId: string,
    @Ctx() { em, principal }: Context,
  ): Promise<IntegrationToken[]> {
    return this.deps.integrationTokens.list(em, principal, organizationId);
  }

  @Mutation(() => CreatedIntegrationToken, {
    description:
      'Creates an integration token with scopes, optionally expiring. Its secret is in the answer, once. Granting POLICY_WRITE needs the creator to have 2FA.',
  })
  async createIntegrationToken(
    @Arg('input', () => CreateIntegrationTokenInput) input: CreateIntegrationTokenInput,
    @Ctx() { em, principal }: Context,
  ): Promise<CreatedIntegrationToken> {
    return this.deps.integrationTokens.create(em, principal, input.organizationId, input);
  }

  @Mutation(() => Boolean, {
    description: 'Revokes an integration token at once, live connections included. False when it was already revoked.',
  })
  async revokeIntegrationToken(
    @Arg('input', () => RevokeIntegrationTokenInput) input: RevokeIntegrationTokenInput,
    @Ctx() { em, principal }: Context,
  ): Promise<boolean> {
    return this.deps.integrationTokens.revoke(em, principal, input.organizationId, input.id);
  }
}

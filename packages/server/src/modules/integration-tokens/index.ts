/**
 * Integration tokens: an organization's API tokens with scopes, created and revoked by its
 * administrators in the console, shown once and stored hashed, optionally expiring, with their
 * last use. `IntegrationTokensService.authenticate` turns a `tsi_` bearer into the principal the
 * gate and `authorize()` check.
 */
export { IntegrationToken } from './integration-token.entity.js';
export { IntegrationTokensService, INTEGRATION_TOKEN_PREFIX, type CreateIntegrationToken } from './integration-tokens.service.js';
export { IntegrationTokenResolver } from './integration-token.resolver.js';
export { IntegrationToken as IntegrationTokenNode, IntegrationTokenState, CreatedIntegrationToken } from './integration-token.types.js';
export { liveTokens, liveTokensOf, tokenNameOf } from './token-rows.js';

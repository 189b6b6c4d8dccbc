import type { Factory, TestUser } from '../support/factory.js';
import { GraphQLClient } from '../support/graphql-client.js';
import type { TestServer } from '../support/server.js';

/** The operations an administrator uses in the console to manage integration tokens. */
export const TOKEN_FIELDS = `id name scopes state createdBy { userId tokenId name } createdAt expiresAt lastUsedAt revokedAt`;
export const CREATE = `mutation($input: CreateIntegrationTokenInput!) {
  createIntegrationToken(input: $input) { token integrationToken { ${TOKEN_FIELDS} } } }`;
export const REVOKE = `mutation($input: RevokeIntegrationTokenInput!) { revokeIntegrationToken(input: $input) }`;
export const LIST = `query($id: ID!) { integrationTokens(organizationId: $id) { ${TOKEN_FIELDS} } }`;
/** What every token may read of its own organization, whatever its scopes. */
export const ORGANIZATION = `query($id: ID!) { organization(id: $id) { id name securityPolicy { twoFactorRequired } } }`;

export interface Administered {
  organization: { id: string; name: string };
  admin: TestUser;
  /** The administrator's web session. */
  console: GraphQLClient;
}

/** An organization with one administrator signed in to the console (with 2FA unless told otherwise). */
export async function administeredOrganization(
  factory: Factory,
  options: { role?: 'ADMINISTRATOR' | 'LEGAL_REPRESENTATIVE'; twoFactor?: boolean } = {},
): Promise<Administered> {
  const organization = await factory.organization();
  const admin = await factory.user({ twoFactor: options.twoFactor ?? true });
  await factory.member(organization.id, admin.id, options.role ?? 'ADMINISTRATOR');
  return { organization, admin, console: await factory.client(admin) };
}

/** Creates a token through the API as the administrator; returns its secret and its id. */
export async function createToken(
  { organization, console }: Administered,
  input: { name?: string; scopes?: string[]; expiresAt?: string | null } = {},
): Promise<{ token: string; id: string }> {
  const data = await console.ok(CREATE, {
    input: {
      organizationId: organization.id,
      name: input.name ?? 'Reporting',
      scopes: input.scopes ?? ['MEMBERS_READ'],
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { token: data.createIntegrationToken.token, id: data.createIntegrationToken.integrationToken.id };
}

/** A client that authenticates with an integration token, as an integrator's script would. */
export function integration(server: TestServer, token: string): GraphQLClient {
  return new GraphQLClient(server.url, { bearer: token });
}

import type { NonEmptyArray } from 'type-graphql';
import { AccountResolver, SignInResolver, ViewerResolver } from './modules/accounts/index.js';
import { OrganizationResolver } from './modules/organizations/index.js';
import { ServerInfoResolver } from './modules/server-info/index.js';
import { TwoFactorResolver } from './modules/two-factor/index.js';

/** Every resolver of the schema. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's resolver list type
export const resolvers: NonEmptyArray<Function> = [
  ServerInfoResolver,
  SignInResolver,
  AccountResolver,
  ViewerResolver,
  TwoFactorResolver,
  OrganizationResolver,
];

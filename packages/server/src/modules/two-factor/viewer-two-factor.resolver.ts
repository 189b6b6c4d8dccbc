import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { TwoFactorMethodKind } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import { Viewer } from '../accounts/index.js';
import type { TwoFactorService } from './two-factor.service.js';
import type { SecurityKeys } from './security-keys.js';
import { SecurityKey, TwoFactorMethod } from './two-factor.types.js';

export interface ViewerTwoFactorResolverDeps {
  twoFactor: Pick<TwoFactorService, 'status'>;
  securityKeys: Pick<SecurityKeys, 'list'>;
}

/** The viewer's own second factors (what they are, never their secrets), beside the profile accounts gives. */
@Resolver(() => Viewer)
export class ViewerTwoFactorResolver {
  constructor(private readonly deps: ViewerTwoFactorResolverDeps) {}

  @FieldResolver(() => [TwoFactorMethod], { description: 'The confirmed methods: the authenticator app and each key, by kind.' })
  async twoFactorMethods(@Root() viewer: Viewer, @Ctx() { em }: Context): Promise<TwoFactorMethod[]> {
    const status = await this.deps.twoFactor.status(em, viewer.id);
    const keys = await this.deps.securityKeys.list(em, viewer.id);
    return [
      ...(status.totpConfirmedAt ? [{ kind: TwoFactorMethodKind.TOTP, confirmedAt: status.totpConfirmedAt }] : []),
      ...keys.map((k) => ({ kind: k.kind, confirmedAt: k.createdAt })),
    ];
  }

  @FieldResolver(() => [SecurityKey], { description: 'The security keys and passkeys, oldest first.' })
  async securityKeys(@Root() viewer: Viewer, @Ctx() { em }: Context): Promise<SecurityKey[]> {
    return this.deps.securityKeys.list(em, viewer.id);
  }

  @FieldResolver(() => Int, { description: 'Unused recovery codes.' })
  async recoveryCodesLeft(@Root() viewer: Viewer, @Ctx() { em }: Context): Promise<number> {
    return (await this.deps.twoFactor.status(em, viewer.id)).recoveryCodesLeft;
  }
}

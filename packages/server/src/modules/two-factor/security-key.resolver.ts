import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import { validId } from '../../core/errors.js';
import { sessionOf } from '../../core/graphql/guards.js';
import { AllowedWhileBlocked, App } from '../../core/graphql/surface.js';
import { SecurityKeyOptions, User, type AccountsService, type SessionService } from '../accounts/index.js';
import type { SecurityKeys } from './security-keys.js';
import { requireRecentPassword } from './two-factor.resolver.js';
import type { TwoFactorService } from './two-factor.service.js';
import {
  FinishSecurityKeyRegistrationInput,
  RemoveSecurityKeyInput,
  RenameSecurityKeyInput,
  SecurityKey,
  SecurityKeyAdded,
  StartSecurityKeyRegistrationInput,
} from './two-factor.types.js';

export interface SecurityKeyResolverDeps {
  securityKeys: SecurityKeys;
  twoFactor: Pick<TwoFactorService, 'removeMethod' | 'publishChange'>;
  accounts: Pick<AccountsService, 'checkProof'>;
  sessions: SessionService;
  events: DomainEvents;
  clock: { now(): Date };
}

/** Adding, renaming and removing the viewer's security keys and passkeys (WebAuthn registration). */
@Resolver()
export class SecurityKeyResolver {
  constructor(private readonly deps: SecurityKeyResolverDeps) {}

  @Mutation(() => SecurityKeyOptions, {
    description:
      'Starts adding a security key or passkey: the options for `navigator.credentials.create` (SimpleWebAuthn’s `startRegistration`), bound to this session. Needs the password (`input.password`) when it was last entered for this session more than ten minutes ago (PROOF_REQUIRED with `field: "password"`).',
  })
  @AllowedWhileBlocked()
  @App()
  async startSecurityKeyRegistration(
    @Ctx() { em, principal }: Context,
    @Arg('input', () => StartSecurityKeyRegistrationInput, { nullable: true }) input?: StartSecurityKeyRegistrationInput | null,
  ): Promise<SecurityKeyOptions> {
    const me = sessionOf(principal);
    await requireRecentPassword(this.deps, em, me, input?.password, 'Enter your password to add a security key.');
    const user = await em.findOneOrFail(User, me.userId);
    return { options: await this.deps.securityKeys.registrationOptions(em, user, me.sessionId) };
  }

  @Mutation(() => SecurityKeyAdded, {
    description:
      'Finishes adding the key with the browser’s answer to `startSecurityKeyRegistration`. A first method comes with ten recovery codes, once; the account’s other web sessions end. KEY_REFUSED (`extensions.reason`) when the answer does not verify; counted like a wrong code.',
  })
  @AllowedWhileBlocked()
  @App()
  async finishSecurityKeyRegistration(
    @Arg('input', () => FinishSecurityKeyRegistrationInput) input: FinishSecurityKeyRegistrationInput,
    @Ctx() { em, principal }: Context,
  ): Promise<SecurityKeyAdded> {
    const me = sessionOf(principal);
    const added = await this.deps.securityKeys.register(em, me.userId, me.sessionId, input);
    const ended = await this.deps.sessions.revokeAll(em, me.userId, { onlyWeb: true, except: me.sessionId });
    this.deps.events.publish({ type: 'sessionsRevoked', sessionIds: ended });
    if (added.enabled) this.deps.twoFactor.publishChange(em, me.userId, 'TWO_FACTOR_ENABLED');
    else if (added.newlyResistant) this.deps.twoFactor.publishChange(em, me.userId, 'METHODS_CHANGED');
    return { key: added.key, recoveryCodes: added.recoveryCodes };
  }

  @Mutation(() => SecurityKey, { description: 'Renames one of the viewer’s keys (1–60 characters).' })
  async renameSecurityKey(
    @Arg('input', () => RenameSecurityKeyInput) input: RenameSecurityKeyInput,
    @Ctx() { em, principal }: Context,
  ): Promise<SecurityKey> {
    const me = sessionOf(principal);
    return this.deps.securityKeys.rename(em, me.userId, validId(input.id, 'id'), input.name);
  }

  @Mutation(() => Boolean, {
    description:
      'Removes one of the viewer’s keys; needs a fresh proof. LAST_METHOD_REQUIRED when an organization that requires 2FA would no longer accept the account’s methods (its last method, or its last key where only keys count).',
  })
  async removeSecurityKey(
    @Arg('input', () => RemoveSecurityKeyInput) input: RemoveSecurityKeyInput,
    @Ctx() { em, principal }: Context,
  ): Promise<boolean> {
    const me = sessionOf(principal);
    const id = validId(input.id, 'id');
    await this.deps.accounts.checkProof(em, me.userId, input.proof);
    await this.deps.twoFactor.removeMethod(em, me.userId, { kind: 'KEY', id });
    return true;
  }
}

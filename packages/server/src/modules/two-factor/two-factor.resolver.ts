import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { sessionOf } from '../../core/graphql/guards.js';
import { AllowedWhileBlocked } from '../../core/graphql/surface.js';
import { User } from '../accounts/user.entity.js';
import { ConfirmTotpInput, ProofOnlyInput, RecoveryCodes, TotpEnrollment } from './two-factor.types.js';

@Resolver()
export class TwoFactorResolver {
  @Mutation(() => TotpEnrollment, { description: 'Starts adding an authenticator app: a fresh key, its URI and QR code.' })
  @AllowedWhileBlocked()
  async startTotpEnrollment(@Ctx() { em, services, principal }: Context): Promise<TotpEnrollment> {
    const user = await em.findOneOrFail(User, sessionOf(principal).userId);
    return services.twoFactor.startEnrollment(em, user);
  }

  @Mutation(() => RecoveryCodes, {
    description:
      'Confirms the new authenticator with a current code. Returns ten recovery codes, once; the account’s other web sessions end.',
  })
  @AllowedWhileBlocked()
  async confirmTotpEnrollment(
    @Arg('input', () => ConfirmTotpInput) input: ConfirmTotpInput,
    @Ctx() { em, services, principal }: Context,
  ): Promise<RecoveryCodes> {
    const me = sessionOf(principal);
    if (me.twoFactorEnabled) await services.accounts.checkProof(em, me.userId, input.proof ?? {});
    const codes = await services.twoFactor.confirmEnrollment(em, me.userId, input.code);
    const ended = await services.sessions.revokeAll(em, me.userId, { onlyWeb: true, except: me.sessionId });
    services.events.publish({ type: 'sessionsRevoked', sessionIds: ended });
    return { codes };
  }

  @Mutation(() => RecoveryCodes, { description: 'Replaces the recovery codes; needs a fresh proof.' })
  async regenerateRecoveryCodes(
    @Arg('input', () => ProofOnlyInput) input: ProofOnlyInput,
    @Ctx() { em, services, principal }: Context,
  ): Promise<RecoveryCodes> {
    const me = sessionOf(principal);
    await services.accounts.checkProof(em, me.userId, input.proof);
    return { codes: await services.twoFactor.regenerateRecoveryCodes(em, me.userId) };
  }

  @Mutation(() => Boolean, { description: 'Removes the authenticator; needs a fresh proof; refused while an organization requires 2FA.' })
  async removeTotp(
    @Arg('input', () => ProofOnlyInput) input: ProofOnlyInput,
    @Ctx() { em, services, principal }: Context,
  ): Promise<boolean> {
    const me = sessionOf(principal);
    await services.accounts.checkProof(em, me.userId, input.proof);
    await services.twoFactor.removeTotp(em, me.userId);
    return true;
  }
}

import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { ErrorCode } from '@twostep/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../core/graphql/context.js';
import type { SessionPrincipal } from '../../core/graphql/principal.js';
import type { Clock } from '../../core/clock.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { AccountsService, SessionService } from '../accounts/index.js';
import type { TwoFactorService } from './two-factor.service.js';
import { DomainError } from '../../core/errors.js';
import { sessionOf } from '../../core/graphql/guards.js';
import { AllowedWhileBlocked } from '../../core/graphql/surface.js';
import { User } from '../accounts/index.js';
import { ConfirmTotpInput, ProofOnlyInput, RecoveryCodes, StartTotpEnrollmentInput, TotpEnrollment } from './two-factor.types.js';

/** How long after the password was entered a session may start an enrollment without entering it again. */
export const ENROLLMENT_PASSWORD_MAX_AGE_MS = 10 * 60_000;

/**
 * A stolen session must not plant its own second factor (ASVS 5.0 7.5.1, SECURITY.md 33): adding
 * one needs the password entered for this session within ten minutes, or now.
 */
export async function requireRecentPassword(
  deps: { accounts: Pick<AccountsService, 'checkProof'>; sessions: SessionService; clock: { now(): Date } },
  em: EntityManager,
  me: SessionPrincipal,
  password: string | null | undefined,
  message: string,
): Promise<void> {
  if (deps.clock.now().getTime() - me.passwordAt.getTime() <= ENROLLMENT_PASSWORD_MAX_AGE_MS) return;
  if (!password) throw new DomainError(ErrorCode.PROOF_REQUIRED, message, { field: 'password' });
  await deps.accounts.checkProof(em, me.userId, { password });
  await deps.sessions.passwordEntered(em, me.sessionId);
}

export interface TwoFactorResolverDeps {
  twoFactor: TwoFactorService;
  accounts: Pick<AccountsService, 'checkProof'>;
  sessions: SessionService;
  events: DomainEvents;
  clock: Clock;
}

@Resolver()
export class TwoFactorResolver {
  constructor(private readonly deps: TwoFactorResolverDeps) {}

  @Mutation(() => TotpEnrollment, {
    description:
      'Starts adding an authenticator app: a fresh key, its URI and QR code. Needs the password (`input.password`) when it was last entered for this session more than ten minutes ago; without it the answer is PROOF_REQUIRED with `field: "password"`.',
  })
  @AllowedWhileBlocked()
  async startTotpEnrollment(
    @Ctx() { em, principal }: Context,
    @Arg('input', () => StartTotpEnrollmentInput, { nullable: true }) input?: StartTotpEnrollmentInput | null,
  ): Promise<TotpEnrollment> {
    const me = sessionOf(principal);
    await requireRecentPassword(this.deps, em, me, input?.password, 'Enter your password to set up an authenticator.');
    const user = await em.findOneOrFail(User, me.userId);
    return this.deps.twoFactor.startEnrollment(em, user);
  }

  @Mutation(() => RecoveryCodes, {
    description:
      'Confirms the new authenticator with a current code. Returns ten recovery codes, once; the account’s other web sessions end.',
  })
  @AllowedWhileBlocked()
  async confirmTotpEnrollment(
    @Arg('input', () => ConfirmTotpInput) input: ConfirmTotpInput,
    @Ctx() { em, principal }: Context,
  ): Promise<RecoveryCodes> {
    const me = sessionOf(principal);
    if (me.twoFactorEnabled) await this.deps.accounts.checkProof(em, me.userId, input.proof ?? {});
    const codes = await this.deps.twoFactor.confirmEnrollment(em, me.userId, input.code);
    const ended = await this.deps.sessions.revokeAll(em, me.userId, { onlyWeb: true, except: me.sessionId });
    this.deps.events.publish({ type: 'sessionsRevoked', sessionIds: ended });
    return { codes };
  }

  @Mutation(() => RecoveryCodes, { description: 'Replaces the recovery codes; needs a fresh proof.' })
  async regenerateRecoveryCodes(
    @Arg('input', () => ProofOnlyInput) input: ProofOnlyInput,
    @Ctx() { em, principal }: Context,
  ): Promise<RecoveryCodes> {
    const me = sessionOf(principal);
    await this.deps.accounts.checkProof(em, me.userId, input.proof);
    return { codes: await this.deps.twoFactor.regenerateRecoveryCodes(em, me.userId) };
  }

  @Mutation(() => Boolean, {
    description:
      'Removes the authenticator; needs a fresh proof. LAST_METHOD_REQUIRED when an organization that requires 2FA would no longer accept the account’s methods.',
  })
  async removeTotp(@Arg('input', () => ProofOnlyInput) input: ProofOnlyInput, @Ctx() { em, principal }: Context): Promise<boolean> {
    const me = sessionOf(principal);
    await this.deps.accounts.checkProof(em, me.userId, input.proof);
    await this.deps.twoFactor.removeMethod(em, me.userId, { kind: 'TOTP' });
    return true;
  }
}

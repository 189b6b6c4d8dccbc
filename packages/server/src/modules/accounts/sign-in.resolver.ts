import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { ClientKind } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { AccountsService } from './accounts.service.js';
import type { SessionService } from './session.service.js';
import { sessionOf } from '../../core/graphql/guards.js';
import { App, Public } from '../../core/graphql/surface.js';
import type { SignInOutcome } from './accounts.service.js';
import {
  CompleteSignInInput,
  SecondFactorRequired,
  SecurityKeyOptions,
  SignedIn,
  SignInInput,
  SignInResult,
  StartSecurityKeySignInInput,
} from './accounts.types.js';
import { writeSessionCookie } from './session-cookie.js';
import { SESSION_COOKIE } from './session-lifetimes.js';

/** Sends the session to the client: an HttpOnly cookie for WEB, the token in the answer for apps. */
function deliver(ctx: Context, outcome: SignInOutcome & { kind: 'signedIn' }, secureCookies: boolean): SignedIn {
  const { session, token } = outcome;
  if (session.client === ClientKind.WEB) writeSessionCookie(ctx, token, secureCookies);
  return { token: session.client === ClientKind.WEB ? null : token, client: session.client, expiresAt: session.expiresAt };
}

export interface SignInResolverDeps {
  accounts: AccountsService;
  sessions: SessionService;
  events: DomainEvents;
  /** Whether cookies are `Secure` (PUBLIC_URL is https). */
  secureCookies: boolean;
}

@Resolver()
export class SignInResolver {
  constructor(private readonly deps: SignInResolverDeps) {}

  @Mutation(() => SignInResult, { description: 'Signs in with e-mail and password. Failures never say whether the account exists.' })
  @Public()
  async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context): Promise<SignedIn | SecondFactorRequired> {
    const outcome = await this.deps.accounts.signIn(ctx.em, input, { ip: ctx.ip, userAgent: ctx.userAgent });
    if (outcome.kind === 'challenge') {
      return { challenge: outcome.challenge, expiresAt: outcome.expiresAt, methods: outcome.methods };
    }
    return deliver(ctx, outcome, this.deps.secureCookies);
  }

  @Mutation(() => SecurityKeyOptions, {
    description:
      'For a sign-in that asks for a second factor: the options with which the browser (or the platform’s WebAuthn in an app) asks one of the account’s security keys or passkeys to sign. Each call gives a fresh challenge, bound to this sign-in.',
  })
  @Public()
  async startSecurityKeySignIn(
    @Arg('input', () => StartSecurityKeySignInInput) input: StartSecurityKeySignInInput,
    @Ctx() ctx: Context,
  ): Promise<SecurityKeyOptions> {
    return { options: await this.deps.accounts.securityKeySignInOptions(ctx.em, input.challenge) };
  }

  @Mutation(() => SignedIn, { description: 'Finishes a sign-in with a TOTP code, a recovery code, or a security key’s answer.' })
  @Public()
  async completeSignIn(@Arg('input', () => CompleteSignInInput) input: CompleteSignInInput, @Ctx() ctx: Context): Promise<SignedIn> {
    const outcome = await this.deps.accounts.completeSignIn(ctx.em, input, { userAgent: ctx.userAgent });
    return deliver(ctx, outcome, this.deps.secureCookies);
  }

  @Mutation(() => Boolean, { description: 'Ends the current session (and clears the cookie).' })
  @App()
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    const me = sessionOf(ctx.principal);
    const ended = await this.deps.sessions.revoke(ctx.em, me.userId, me.sessionId);
    ctx.http?.res.clearCookie(SESSION_COOKIE, { path: '/' });
    this.deps.events.publish({ type: 'sessionsRevoked', sessionIds: ended });
    return true;
  }
}

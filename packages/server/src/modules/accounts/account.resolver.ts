import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { AccountsService } from './accounts.service.js';
import type { SessionService } from './session.service.js';
import { validId } from '../../core/errors.js';
import { sessionOf } from '../../core/graphql/guards.js';
import { Public } from '../../core/graphql/surface.js';
import {
  ChangePasswordInput,
  ConfirmEmailChangeInput,
  RequestEmailChangeInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
  RevokeSessionInput,
} from './accounts.types.js';

export interface AccountResolverDeps {
  accounts: AccountsService;
  sessions: SessionService;
  events: DomainEvents;
}

@Resolver()
export class AccountResolver {
  constructor(private readonly deps: AccountResolverDeps) {}

  @Mutation(() => Boolean, { description: 'Changes the password; other sessions end.' })
  async changePassword(
    @Arg('input', () => ChangePasswordInput) input: ChangePasswordInput,
    @Ctx() { em, principal }: Context,
  ): Promise<boolean> {
    const me = sessionOf(principal);
    await this.deps.accounts.changePassword(em, me.userId, me.sessionId, input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Mails a confirmation link to the new address; the change happens when it is opened.' })
  async requestEmailChange(
    @Arg('input', () => RequestEmailChangeInput) input: RequestEmailChangeInput,
    @Ctx() { em, principal }: Context,
  ): Promise<boolean> {
    await this.deps.accounts.requestEmailChange(em, sessionOf(principal).userId, input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Confirms a new e-mail address from the mailed link.' })
  @Public()
  async confirmEmailChange(
    @Arg('input', () => ConfirmEmailChangeInput) input: ConfirmEmailChangeInput,
    @Ctx() { em }: Context,
  ): Promise<boolean> {
    await this.deps.accounts.confirmEmailChange(em, input.token);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Mails a reset link if the account exists; always answers true.' })
  @Public()
  async requestPasswordReset(
    @Arg('input', () => RequestPasswordResetInput) input: RequestPasswordResetInput,
    @Ctx() { em, ip }: Context,
  ): Promise<boolean> {
    await this.deps.accounts.requestPasswordReset(em, input.email, { ip });
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Sets a new password from a reset link. Every session ends; the next sign-in still asks the second factor.',
  })
  @Public()
  async resetPassword(@Arg('input', () => ResetPasswordInput) input: ResetPasswordInput, @Ctx() { em }: Context): Promise<boolean> {
    await this.deps.accounts.resetPassword(em, input);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Ends one of the viewer’s sessions.' })
  async revokeSession(
    @Arg('input', () => RevokeSessionInput) input: RevokeSessionInput,
    @Ctx() { em, principal }: Context,
  ): Promise<boolean> {
    const ended = await this.deps.sessions.revoke(em, sessionOf(principal).userId, validId(input.id, 'id'));
    this.deps.events.publish({ type: 'sessionsRevoked', sessionIds: ended });
    return ended.length > 0;
  }
}

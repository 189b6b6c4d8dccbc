import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import type { InvitationAcceptanceService } from './invitation-acceptance.service.js';
import type { InvitationsService } from './invitations.service.js';
import { Public } from '../../core/graphql/surface.js';
import { writeSessionCookie } from '../accounts/index.js';
import type { InvitationView } from './invitation-rows.js';
import {
  AcceptInvitationInput,
  Invitation,
  InvitationAcceptance,
  InvitationPreview,
  InvitationRefInput,
  InvitationsArgs,
  InviteMemberInput,
} from './invitations.types.js';

/**
 * Administrators' side: list, invite, resend, revoke. Web only: no token reaches these, and the list
 * is a root field so that no path from the integration-reachable `organization` leads to it.
 */
export interface InvitationsResolverDeps {
  invitations: InvitationsService;
}

@Resolver()
export class InvitationsResolver {
  constructor(private readonly deps: InvitationsResolverDeps) {}

  @Query(() => [Invitation], { description: 'An organization’s invitations, newest first. Legal representatives and administrators only.' })
  async invitations(
    @Args(() => InvitationsArgs) { organizationId, state }: InvitationsArgs,
    @Ctx() { em, principal }: Context,
  ): Promise<InvitationView[]> {
    return this.deps.invitations.list(em, principal, organizationId, state);
  }

  @Mutation(() => Invitation, {
    description: 'Invites an e-mail address into an organization with a role and kind; the invitation mail goes out. Valid 7 days.',
  })
  async inviteMember(
    @Arg('input', () => InviteMemberInput) input: InviteMemberInput,
    @Ctx() { em, principal }: Context,
  ): Promise<InvitationView> {
    return this.deps.invitations.invite(em, principal, input.organizationId, input);
  }

  @Mutation(() => Invitation, { description: 'Sends a pending or expired invitation again, with a new link; the old link stops working.' })
  async resendInvitation(
    @Arg('input', () => InvitationRefInput) input: InvitationRefInput,
    @Ctx() { em, principal }: Context,
  ): Promise<InvitationView> {
    return this.deps.invitations.resend(em, principal, input.id);
  }

  @Mutation(() => Invitation, { description: 'Withdraws an invitation that was not accepted; its link stops working.' })
  async revokeInvitation(
    @Arg('input', () => InvitationRefInput) input: InvitationRefInput,
    @Ctx() { em, principal }: Context,
  ): Promise<InvitationView> {
    return this.deps.invitations.revoke(em, principal, input.id);
  }
}

/** The invitee's side: reachable without signing in. */
export interface InvitationAcceptanceResolverDeps {
  invitationAcceptance: InvitationAcceptanceService;
  /** Whether cookies are `Secure` (PUBLIC_URL is https). */
  secureCookies: boolean;
}

@Resolver()
export class InvitationAcceptanceResolver {
  constructor(private readonly deps: InvitationAcceptanceResolverDeps) {}

  @Query(() => InvitationPreview, {
    description: 'What an invitation link offers. TOKEN_INVALID when it is unknown, used, revoked or expired.',
  })
  @Public()
  async invitationPreview(@Arg('token', () => String) token: string, @Ctx() { em }: Context): Promise<InvitationPreview> {
    return this.deps.invitationAcceptance.preview(em, token);
  }

  @Mutation(() => InvitationAcceptance, {
    description:
      'Accepts an invitation. With no account for the invited address, creates one from `displayName` and `password` and signs it in (cookie); ' +
      'otherwise the caller must be signed in as that account (UNAUTHENTICATED). The link works once.',
  })
  @Public()
  async acceptInvitation(
    @Arg('input', () => AcceptInvitationInput) input: AcceptInvitationInput,
    @Ctx() ctx: Context,
  ): Promise<InvitationAcceptance> {
    const accepted = await this.deps.invitationAcceptance.accept(ctx.em, ctx.principal, input, { userAgent: ctx.userAgent });
    if (accepted.session) writeSessionCookie(ctx, accepted.session.token, this.deps.secureCookies);
    return accepted;
  }
}

import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { MembershipKind, Role } from '@twostep/shared';
import { Public } from '../../core/graphql/surface.js';
import { ActorRef } from '../organizations/index.js';
import { InvitationState } from './invitation-state.js';

registerEnumType(InvitationState, {
  name: 'InvitationState',
  description: 'Where an invitation stands.',
  valuesConfig: {
    PENDING: { description: 'Sent; the link works until it expires.' },
    ACCEPTED: { description: 'The invitee joined the organization.' },
    REVOKED: { description: 'An administrator withdrew it; the link no longer works.' },
    EXPIRED: { description: 'Its link expired unused; it can be resent.' },
  },
});

@ObjectType({ description: 'An invitation into an organization, as its administrators see it (never its link).' })
export class Invitation {
  @Field(() => ID, { description: 'The invitation’s id (not its link).' })
  id!: string;

  @Field(() => String, { description: 'The address invited.' })
  email!: string;

  @Field(() => Role, { description: 'The role the invitee will have.' })
  role!: Role;

  @Field(() => MembershipKind, { description: 'The kind of membership the invitee will have.' })
  kind!: MembershipKind;

  @Field(() => InvitationState, { description: 'Pending, accepted, revoked or expired, as of now.' })
  state!: InvitationState;

  @Field(() => ActorRef, { nullable: true, description: 'Who invited; null for the operator command or a deleted account.' })
  invitedBy!: ActorRef | null;

  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When its current link stops working.' })
  expiresAt!: Date;

  @Field(() => Date, { description: 'When the mail last went out (creation or resend).' })
  lastSentAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was accepted, if it was.' })
  acceptedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was revoked, if it was.' })
  revokedAt!: Date | null;
}

@ArgsType()
export class InvitationsArgs {
  @Field(() => ID, { description: 'The organization.' })
  organizationId!: string;

  @Field(() => InvitationState, { nullable: true, description: 'Only invitations in this state; all when omitted.' })
  state?: InvitationState | null;
}

@InputType({ description: 'Whom to invite into which organization, and as what.' })
export class InviteMemberInput {
  @Field(() => ID, { description: 'The organization to invite into.' })
  organizationId!: string;

  @Field(() => String, { description: 'The invitee’s e-mail address; the invitation mail goes there.' })
  email!: string;

  @Field(() => Role, { description: 'The role the invitee will have. Only a legal representative invites a legal representative.' })
  role!: Role;

  @Field(() => MembershipKind, { description: 'INTERNAL for the organization’s own people, EXTERNAL for outsiders.' })
  kind!: MembershipKind;
}

@InputType({ description: 'An invitation, by id.' })
export class InvitationRefInput {
  @Field(() => ID, { description: 'The invitation’s id.' })
  id!: string;
}

@InputType({ description: 'The link’s token, and for a new account its name and password.' })
export class AcceptInvitationInput {
  @Field(() => String, { description: 'The token from the invitation link.' })
  token!: string;

  @Field(() => String, { nullable: true, description: 'The new account’s name; required when no account has the invited address.' })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: 'The new account’s password; required when no account has the invited address.' })
  password?: string | null;
}

@ObjectType({ description: 'What an invitation link offers, shown before accepting. Reachable without signing in.' })
@Public()
export class InvitationPreview {
  @Field(() => String, { description: 'The organization’s name.' })
  organizationName!: string;

  @Field(() => String, { description: 'The address invited.' })
  email!: string;

  @Field(() => Role, { description: 'The role the invitee will have.' })
  role!: Role;

  @Field(() => MembershipKind, { description: 'The kind of membership the invitee will have.' })
  kind!: MembershipKind;

  @Field(() => Date, { description: 'When the link stops working.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The name of who invited; null for the operator.' })
  invitedBy!: string | null;

  @Field(() => Boolean, {
    description: 'Whether an account has this address: then accept by signing in as it; else by choosing a password.',
  })
  accountExists!: boolean;

  @Field(() => Boolean, { description: 'Whether the organization requires 2FA: the invitee sets it up right after joining.' })
  twoFactorRequired!: boolean;
}

@ObjectType({ description: 'The invitation was accepted: the account is a member now. Reachable without signing in.' })
@Public()
export class InvitationAcceptance {
  @Field(() => ID, { description: 'The organization joined.' })
  organizationId!: string;

  @Field(() => String, { description: 'The organization’s name.' })
  organizationName!: string;

  @Field(() => Role, { description: 'The new member’s role.' })
  role!: Role;

  @Field(() => MembershipKind, { description: 'The new member’s kind.' })
  kind!: MembershipKind;

  @Field(() => Boolean, { description: 'True when a new account was created and signed in (a session cookie was set).' })
  accountCreated!: boolean;

  @Field(() => Boolean, { description: 'Whether the organization requires 2FA.' })
  twoFactorRequired!: boolean;

  @Field(() => Boolean, {
    description: 'The organization requires 2FA and the account has none: the web surface is blocked until the setup is done.',
  })
  twoFactorSetupRequired!: boolean;
}

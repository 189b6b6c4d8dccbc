import { GraphQLJSONObject } from 'graphql-scalars';
import { createUnionType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { AllowedMethods, ClientKind, MembershipKind, Role, TwoFactorMethodKind } from '@twostep/shared';
import { App, Public } from '../../core/graphql/surface.js';

registerEnumType(ClientKind, { name: 'ClientKind', description: 'Which client a session or token belongs to.' });
registerEnumType(Role, { name: 'Role', description: 'A member’s role in an organization.' });
registerEnumType(MembershipKind, {
  name: 'MembershipKind',
  description: 'INTERNAL members belong to the organization; EXTERNAL ones were invited from outside.',
});
registerEnumType(TwoFactorMethodKind, { name: 'TwoFactorMethodKind', description: 'A kind of second factor.' });

@InputType({ description: 'E-mail and password, and which client is signing in.' })
export class SignInInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => ClientKind, { description: 'WEB sets a cookie; DESKTOP and MOBILE receive a bearer token.' })
  client!: ClientKind;
}

@InputType({
  description:
    'The challenge from `signIn` and one of: a code of the authenticator app or a recovery code (`code`), or a security key’s answer (`securityKey`).',
})
export class CompleteSignInInput {
  @Field(() => String)
  challenge!: string;

  @Field(() => String, { nullable: true, description: 'A code of the authenticator app, or a recovery code.' })
  code?: string | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'The browser’s answer to `startSecurityKeySignIn`’s options: `AuthenticationResponseJSON` (what `startAuthentication` returns).',
  })
  securityKey?: object | null;
}

@InputType()
export class StartSecurityKeySignInInput {
  @Field(() => String, { description: 'The challenge from `signIn`.' })
  challenge!: string;
}

@ObjectType({
  description:
    'WebAuthn options for the browser: pass `options` as `optionsJSON` to SimpleWebAuthn’s `startRegistration` / `startAuthentication` (or decode it for `navigator.credentials`). Its challenge is valid for five minutes, once.',
})
@Public()
export class SecurityKeyOptions {
  @Field(() => GraphQLJSONObject)
  options!: object;
}

@ObjectType({ description: 'Signed in. A WEB session travels in an HttpOnly cookie; app clients get `token`, shown once.' })
@Public()
export class SignedIn {
  @Field(() => String, { nullable: true, description: 'The bearer token for DESKTOP and MOBILE clients; null for WEB.' })
  token!: string | null;

  @Field(() => ClientKind)
  client!: ClientKind;

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType({ description: 'The password was right; a second factor is needed to finish with `completeSignIn`.' })
@Public()
export class SecondFactorRequired {
  @Field(() => String, { description: 'Pass it to `completeSignIn`. Valid for five minutes, once.' })
  challenge!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => [TwoFactorMethodKind], {
    description:
      'What the account can finish with, keys first: PASSKEY / SECURITY_KEY (call `startSecurityKeySignIn`), TOTP, RECOVERY_CODE (while codes are left).',
  })
  methods!: TwoFactorMethodKind[];
}

export const SignInResult = createUnionType({
  name: 'SignInResult',
  description: 'Either signed in, or a second factor is needed.',
  types: () => [SignedIn, SecondFactorRequired] as const,
  resolveType: (value) => ('challenge' in value ? SecondFactorRequired : SignedIn),
});

@InputType()
export class RequestPasswordResetInput {
  @Field(() => String)
  email!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => String, { description: 'The token from the e-mailed link.' })
  token!: string;

  @Field(() => String)
  newPassword!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String)
  currentPassword!: string;

  @Field(() => String)
  newPassword!: string;
}

@InputType()
export class RequestEmailChangeInput {
  @Field(() => String)
  newEmail!: string;

  @Field(() => String, { description: 'The current password, as a fresh proof.' })
  password!: string;
}

@InputType()
export class ConfirmEmailChangeInput {
  @Field(() => String)
  token!: string;
}

@InputType()
export class RevokeSessionInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'One of the viewer’s signed-in clients.' })
@App()
export class SessionInfo {
  @Field(() => ID)
  id!: string;

  @Field(() => ClientKind)
  client!: ClientKind;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  lastUsedAt!: Date;

  @Field(() => Boolean, { description: 'True for the session making this request.' })
  current!: boolean;
}

@ObjectType({ description: 'An organization as its members see it: its name and whether it requires 2FA.' })
@App()
export class OrganizationSummary {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  twoFactorRequired!: boolean;

  @Field(() => Date, { nullable: true, description: 'Since when 2FA is required, if it is.' })
  twoFactorRequiredSince!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When 2FA becomes required, while it is scheduled and not yet in force.' })
  requiredFrom?: Date | null;

  @Field(() => AllowedMethods, {
    description: 'Which methods count there: with PHISHING_RESISTANT, only a security key or passkey (the block asks for one).',
  })
  allowedMethods!: AllowedMethods;
}

@ObjectType({ description: 'An organization where the viewer must set up 2FA by a deadline that is still ahead.' })
@App()
export class AccessDeadline {
  @Field(() => OrganizationSummary)
  organization!: OrganizationSummary;

  @Field(() => Date, { description: 'The viewer’s own deadline there: the plan’s date, or the end of their new-member window.' })
  deadline!: Date;
}

@ObjectType({ description: 'The viewer’s own membership of an organization.' })
@App()
export class ViewerMembership {
  @Field(() => OrganizationSummary)
  organization!: OrganizationSummary;

  @Field(() => Role)
  role!: Role;

  @Field(() => MembershipKind)
  kind!: MembershipKind;

  @Field(() => Date)
  joinedAt!: Date;
}

@ObjectType({ description: 'Whether the viewer can use the web surface, and if not which organizations block them.' })
@App()
export class Access {
  @Field(() => Boolean)
  blocked!: boolean;

  @Field(() => [OrganizationSummary], { description: 'Organizations of the viewer that require 2FA.' })
  requiringOrganizations!: OrganizationSummary[];

  @Field(() => [OrganizationSummary], {
    description:
      'The organizations that block the viewer now: they require 2FA and find the viewer non-compliant (not exempt, no deadline ahead).',
  })
  blockingOrganizations!: OrganizationSummary[];

  @Field(() => [AccessDeadline], { description: 'Where the viewer has no 2FA yet and a deadline ahead, soonest first.' })
  deadlines!: AccessDeadline[];
}

@ObjectType({ description: 'Who is signed in, their security status and memberships.' })
@App()
export class Viewer {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => ClientKind, { description: 'The client of the current session.' })
  client!: ClientKind;

  @Field(() => Boolean, { description: 'At least one confirmed second factor.' })
  twoFactorEnabled!: boolean;

  @Field(() => Access)
  access!: Access;
}

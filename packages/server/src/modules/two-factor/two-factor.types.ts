import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { TwoFactorMethodKind } from '@twostep/shared';
import { AllowedWhileBlocked, App } from '../../core/graphql/surface.js';

@InputType({ description: 'A fresh proof for a sensitive change: the current password or a current code (one of them).' })
export class ProofInput {
  @Field(() => String, { nullable: true })
  password?: string | null;

  @Field(() => String, { nullable: true, description: 'A code of the current authenticator, or a recovery code.' })
  code?: string | null;
}

@ObjectType({ description: 'A new authenticator to add: scan the QR code or type the key, then confirm with a code.' })
@AllowedWhileBlocked()
export class TotpEnrollment {
  @Field(() => String, { description: 'The key in base32, to type into the app. Shown only during setup.' })
  secret!: string;

  @Field(() => String, { description: 'The otpauth:// URI the QR code holds.' })
  uri!: string;

  @Field(() => String, { description: 'The QR code as an SVG data URL.' })
  qrCodeDataUrl!: string;
}

@InputType()
export class ConfirmTotpInput {
  @Field(() => String, { description: 'A current code of the new authenticator.' })
  code!: string;

  @Field(() => ProofInput, { nullable: true, description: 'Needed only when replacing an existing authenticator.' })
  proof?: ProofInput | null;
}

@ObjectType({ description: 'One-time recovery codes, shown once: save them now.' })
@AllowedWhileBlocked()
export class RecoveryCodes {
  @Field(() => [String])
  codes!: string[];
}

@InputType()
export class ProofOnlyInput {
  @Field(() => ProofInput)
  proof!: ProofInput;
}

@InputType({ description: 'What starting an enrollment may need: the password, when the session entered it long ago.' })
export class StartTotpEnrollmentInput {
  @Field(() => String, {
    nullable: true,
    description: 'The current password; needed when it was last entered for this session more than ten minutes ago.',
  })
  password?: string | null;
}

@ObjectType({ description: 'A confirmed second factor (never its secret).' })
@App()
export class TwoFactorMethod {
  @Field(() => TwoFactorMethodKind)
  kind!: TwoFactorMethodKind;

  @Field(() => Date)
  confirmedAt!: Date;
}

@ObjectType({ description: 'A security key or passkey of the viewer (never its key material).' })
@App()
@AllowedWhileBlocked()
export class SecurityKey {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The name its owner gave it (1–60 characters).' })
  name!: string;

  @Field(() => TwoFactorMethodKind, {
    description: 'SECURITY_KEY, or PASSKEY when the authenticator keeps it discoverable or synced (from its own data).',
  })
  kind!: TwoFactorMethodKind;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it last signed a sign-in.' })
  lastUsedAt!: Date | null;
}

@InputType({ description: 'What starting to add a key may need: the password, when the session entered it long ago.' })
export class StartSecurityKeyRegistrationInput {
  @Field(() => String, {
    nullable: true,
    description: 'The current password; needed when it was last entered for this session more than ten minutes ago.',
  })
  password?: string | null;
}

@InputType()
export class FinishSecurityKeyRegistrationInput {
  @Field(() => String, { description: 'A name for the key, 1–60 characters (e.g. “Blue YubiKey”).' })
  name!: string;

  @Field(() => GraphQLJSONObject, { description: 'The browser’s answer: `RegistrationResponseJSON` (what `startRegistration` returns).' })
  response!: object;
}

@ObjectType({ description: 'The key added, and recovery codes when it is the account’s first method (shown once).' })
@App()
@AllowedWhileBlocked()
export class SecurityKeyAdded {
  @Field(() => SecurityKey)
  key!: SecurityKey;

  @Field(() => [String], {
    nullable: true,
    description: 'Ten recovery codes when the key turned 2FA on; null otherwise (the codes cover every method).',
  })
  recoveryCodes!: string[] | null;
}

@InputType()
export class RenameSecurityKeyInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}

@InputType()
export class RemoveSecurityKeyInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ProofInput)
  proof!: ProofInput;
}

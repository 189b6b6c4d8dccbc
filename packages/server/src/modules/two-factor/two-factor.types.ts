import { Field, InputType, ObjectType } from 'type-graphql';
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

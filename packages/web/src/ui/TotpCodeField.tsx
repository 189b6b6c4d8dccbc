import { TOTP } from '@twostep/shared';
import { TextField, type TextFieldProps } from './TextField';

/** The six-digit code of an authenticator app: numeric keyboard, one-time-code autofill, spaces allowed. */
export function TotpCodeField(props: Omit<TextFieldProps, 'name' | 'inputMode' | 'autoComplete' | 'pattern' | 'maxLength'>) {
  return (
    <TextField
      {...props}
      name="code"
      className={['field--code', props.className ?? ''].filter(Boolean).join(' ')}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={TOTP.digits + 2}
    />
  );
}

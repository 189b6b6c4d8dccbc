import { Limits } from '@twostep/shared';
import { TextField } from '../../ui/TextField';

/** What is wrong with a new password and its repetition, in words; undefined when nothing. */
export function newPasswordProblem(password: string, repeat: string): { password?: string; repeat?: string } | undefined {
  if (password.length < Limits.minPasswordLength) return { password: `Use at least ${Limits.minPasswordLength} characters.` };
  if (password.length > Limits.maxPasswordLength) return { password: `Use at most ${Limits.maxPasswordLength} characters.` };
  if (password !== repeat) return { repeat: 'The two passwords are not the same.' };
  return undefined;
}

export interface NewPasswordFieldsProps {
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  /** Show problems only after a first submit, not while the person is still typing. */
  showProblems: boolean;
  serverError?: string;
}

export function NewPasswordFields({ password, repeat, onPassword, onRepeat, showProblems, serverError }: NewPasswordFieldsProps) {
  const problem = showProblems ? newPasswordProblem(password, repeat) : undefined;
  return (
    <>
      <TextField
        label="New password"
        type="password"
        name="new-password"
        autoComplete="new-password"
        hint={`At least ${Limits.minPasswordLength} characters.`}
        required
        minLength={Limits.minPasswordLength}
        maxLength={Limits.maxPasswordLength}
        value={password}
        error={problem?.password ?? serverError}
        onChange={(event) => onPassword(event.target.value)}
      />
      <TextField
        label="Repeat the new password"
        type="password"
        name="repeat-password"
        autoComplete="new-password"
        required
        value={repeat}
        error={problem?.repeat}
        onChange={(event) => onRepeat(event.target.value)}
      />
    </>
  );
}

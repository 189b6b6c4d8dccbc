import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@twostep/shared';
import { ChangePasswordDocument } from '../../../gql/graphql';
import { describeError, type DescribedError } from '../../../lib/errors/describe-error';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { Section } from '../../../ui/Section';
import { TextField } from '../../../ui/TextField';
import { NewPasswordFields, newPasswordProblem } from '../NewPasswordFields';

export function PasswordSection() {
  const [changePassword, { loading }] = useMutation(ChangePasswordDocument);
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const [error, setError] = useState<DescribedError | null>(null);
  const [done, setDone] = useState(false);

  const reset = (): void => {
    setCurrent('');
    setPassword('');
    setRepeat('');
    setShowProblems(false);
    setError(null);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setShowProblems(true);
    setError(null);
    if (newPasswordProblem(password, repeat)) return;
    try {
      await changePassword({ variables: { input: { currentPassword: current, newPassword: password } } });
      reset();
      setOpen(false);
      setDone(true);
    } catch (caught) {
      setError(describeError(caught, { PROOF_REQUIRED: 'Your current password is not right.' }));
    }
  };

  const currentError = error?.code === ErrorCode.PROOF_REQUIRED ? error.message : undefined;
  const newError = error?.code === ErrorCode.BAD_USER_INPUT && error.field === 'newPassword' ? error.message : undefined;
  return (
    <Section
      title="Password"
      description="Changing it signs out your other devices."
      actions={
        !open && (
          <Button
            onClick={() => {
              setDone(false);
              setOpen(true);
            }}
          >
            Change password
          </Button>
        )
      }
    >
      {done && <Notice tone="success">Your password is changed. Your other devices were signed out.</Notice>}
      {open && (
        <form className="stack form-narrow" onSubmit={(event) => void submit(event)} noValidate>
          {error && !currentError && !newError && <Notice tone="error">{error.message}</Notice>}
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            autoFocus
            required
            value={current}
            error={currentError}
            onChange={(event) => setCurrent(event.target.value)}
          />
          <NewPasswordFields
            password={password}
            repeat={repeat}
            onPassword={setPassword}
            onRepeat={setRepeat}
            showProblems={showProblems}
            serverError={newError}
          />
          <div className="form-row form-row--end">
            <Button
              onClick={() => {
                reset();
                setOpen(false);
              }}
            >
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={loading} disabled={!current}>
              Change password
            </Button>
          </div>
        </form>
      )}
    </Section>
  );
}

import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@twostep/shared';
import { useViewer } from '../../../app/viewer-context';
import { RequestEmailChangeDocument } from '../../../gql/graphql';
import { describeError, type DescribedError } from '../../../lib/errors/describe-error';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { Section } from '../../../ui/Section';
import { TextField } from '../../../ui/TextField';

/** Changing the address: a link goes to the new one, and the change happens when it is opened. */
export function EmailSection() {
  const viewer = useViewer();
  const [requestChange, { loading }] = useMutation(RequestEmailChangeDocument);
  const [open, setOpen] = useState(false);
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<DescribedError | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const close = (): void => {
    setOpen(false);
    setNewEmail('');
    setPassword('');
    setError(null);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      await requestChange({ variables: { input: { newEmail: newEmail.trim(), password } } });
      setSentTo(newEmail.trim());
      close();
    } catch (caught) {
      setError(
        describeError(caught, {
          PROOF_REQUIRED: 'Your password is not right.',
          CONFLICT: 'This address belongs to another account.',
        }),
      );
    }
  };

  const emailError =
    (error?.code === ErrorCode.BAD_USER_INPUT && error.field === 'newEmail') || error?.code === ErrorCode.CONFLICT
      ? error.message
      : undefined;
  const passwordError = error?.code === ErrorCode.PROOF_REQUIRED ? error.message : undefined;
  return (
    <Section
      title="E-mail address"
      description={
        <>
          You sign in with <strong>{viewer.email}</strong>, and security notices go there.
        </>
      }
      actions={
        !open && (
          <Button
            onClick={() => {
              setSentTo(null);
              setOpen(true);
            }}
          >
            Change e-mail
          </Button>
        )
      }
    >
      {sentTo && (
        <Notice tone="success">
          A confirmation link is on its way to <strong>{sentTo}</strong>. Open it within 24 hours to finish the change; until then, keep
          using your current address.
        </Notice>
      )}
      {open && (
        <form className="stack form-narrow" onSubmit={(event) => void submit(event)} noValidate>
          {error && !emailError && !passwordError && <Notice tone="error">{error.message}</Notice>}
          <TextField
            label="New e-mail address"
            type="email"
            autoComplete="email"
            autoFocus
            required
            value={newEmail}
            error={emailError}
            onChange={(event) => setNewEmail(event.target.value)}
          />
          <TextField
            label="Your password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            error={passwordError}
            onChange={(event) => setPassword(event.target.value)}
          />
          <div className="form-row form-row--end">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" busy={loading} disabled={!newEmail.trim() || !password}>
              Send the link
            </Button>
          </div>
        </form>
      )}
    </Section>
  );
}

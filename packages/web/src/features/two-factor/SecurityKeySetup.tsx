import { useMutation } from '@apollo/client/react';
import { KeyRound } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import { ErrorCode, Limits } from '@twostep/shared';
import {
  FinishSecurityKeyRegistrationDocument,
  StartSecurityKeyRegistrationDocument,
  type SecurityKeyItemFragment,
} from '../../gql/graphql';
import { describeError } from '../../lib/errors/describe-error';
import { useRetryWait } from '../../lib/use-retry-wait';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { TextField } from '../../ui/TextField';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { createKey, KeyCeremonyError, keyKindLabel, keyProblemMessage } from './webauthn';

export interface SecurityKeySetupProps {
  email: string;
  /** The key is added (and its recovery codes, if any, are saved). */
  onFinished: (key: SecurityKeyItemFragment) => void;
  onCancel?: () => void;
  /** The recovery codes' button, when the key turned 2FA on. */
  finishLabel?: string;
  /** Told when the recovery codes show: nothing around them may take the screen away. */
  onCodesShown?: () => void;
  /** False inside a section whose own title says it already. */
  titled?: boolean;
}

const explanation =
  'A security key is a small device you plug in or tap, like a YubiKey. A passkey lives on your phone or computer, or in your password manager. Either one works only on this site, so a fake sign-in page cannot use it.';

type Busy = 'starting' | 'browser' | 'finishing' | null;
type Problem = { message: string; code?: string; retryAt?: string };

/**
 * Adding a security key or passkey: a name for it (and the password, when the session entered it
 * long ago), the browser's own prompt, then the recovery codes when the key turned 2FA on. Used by
 * the block screen and by the account page.
 */
export function SecurityKeySetup({ email, onFinished, onCancel, finishLabel, onCodesShown, titled = true }: SecurityKeySetupProps) {
  const [start] = useMutation(StartSecurityKeyRegistrationDocument);
  const [finish] = useMutation(FinishSecurityKeyRegistrationDocument);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  // As with the authenticator: a session that entered its password long ago must enter it again.
  const [passwordNeeded, setPasswordNeeded] = useState(false);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | undefined>();
  const [busy, setBusy] = useState<Busy>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [added, setAdded] = useState<{ key: SecurityKeyItemFragment; codes: string[] } | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const wait = useRetryWait(problem?.code === ErrorCode.LOCKED_OUT ? problem.retryAt : undefined);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    setPasswordError(undefined);
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > Limits.maxKeyNameLength) {
      setNameError(`Name the key with 1 to ${Limits.maxKeyNameLength} characters, like “Blue YubiKey” or “Work laptop”.`);
      return nameRef.current?.focus();
    }
    setNameError(undefined);
    // Which step failed decides the words (a CONFLICT at the start is the number of keys).
    let phase: Busy = 'starting';
    try {
      setBusy(phase);
      const { data } = await start({ variables: passwordNeeded ? { input: { password } } : {} });
      if (!data) return;
      setPassword('');
      setPasswordNeeded(false);
      phase = 'browser';
      setBusy(phase);
      const response = await createKey(data.startSecurityKeyRegistration.options);
      phase = 'finishing';
      setBusy(phase);
      const finished = await finish({ variables: { input: { name: trimmed, response } } });
      const result = finished.data?.finishSecurityKeyRegistration;
      if (!result) return;
      if (result.recoveryCodes) {
        setAdded({ key: result.key, codes: result.recoveryCodes });
        onCodesShown?.();
      } else onFinished(result.key);
    } catch (caught) {
      if (caught instanceof KeyCeremonyError) return setProblem({ message: keyProblemMessage(caught.problem, { adding: true }) });
      const described = describeError(caught, {
        PROOF_REQUIRED: 'That password is not right.',
        KEY_REFUSED: 'Your key’s answer was not accepted, so it was not added. Try again, or try another key.',
        CONFLICT:
          phase === 'finishing'
            ? 'This key is already added to an account. Use another key.'
            : `Your account has ${Limits.maxKeysPerAccount} security keys and passkeys, the most it may have. Remove one to add another.`,
      });
      if (described.code === ErrorCode.PROOF_REQUIRED) {
        // The first time it is a question, not an error: the field appears with its hint.
        if (passwordNeeded) setPasswordError(described.message);
        setPasswordNeeded(true);
        return;
      }
      if (described.code === ErrorCode.BAD_USER_INPUT && described.field === 'name') {
        setNameError(described.message);
        return nameRef.current?.focus();
      }
      setProblem(described);
    } finally {
      setBusy(null);
    }
  };

  if (added) {
    return (
      <div className="stack">
        <Notice tone="success" live={false}>
          {keyKindLabel(added.key.kind)} “{added.key.name}” is added. Two-step verification is on.
        </Notice>
        <RecoveryCodesPanel codes={added.codes} email={email} onContinue={() => onFinished(added.key)} continueLabel={finishLabel} />
      </div>
    );
  }

  return (
    <div className="stack">
      {titled ? (
        <div className="intro-app">
          <KeyRound size={28} aria-hidden="true" className="intro-app__icon" />
          <div>
            <h2 className="step-title">Add a security key or passkey</h2>
            <p>{explanation}</p>
          </div>
        </div>
      ) : (
        <p>{explanation}</p>
      )}
      {problem && <Notice tone={problem.code ? 'error' : 'warning'}>{problem.message}</Notice>}
      <form className="stack" noValidate onSubmit={(event) => void submit(event)}>
        <TextField
          ref={nameRef}
          label="Key name"
          hint="So you can tell your keys apart, like “Blue YubiKey” or “Work laptop”."
          autoComplete="off"
          maxLength={Limits.maxKeyNameLength}
          value={name}
          error={nameError}
          onChange={(event) => setName(event.target.value)}
        />
        {passwordNeeded && (
          <TextField
            label="Your password"
            hint="You signed in a while ago: confirm it is you before adding a key."
            type="password"
            autoComplete="current-password"
            value={password}
            error={passwordError}
            autoFocus
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
        <div className="form-row form-row--end">
          <p className="key-prompt muted small" role="status">
            {busy === 'browser' ? 'Follow your browser’s prompt: insert and touch your key, or confirm with your device.' : ''}
          </p>
          {onCancel && (
            <Button onClick={onCancel} disabled={busy !== null}>
              Cancel
            </Button>
          )}
          <Button type="submit" variant="primary" busy={busy !== null} disabled={(passwordNeeded && !password) || wait.waiting}>
            {wait.waiting ? `Wait ${wait.label}` : 'Add the key'}
          </Button>
        </div>
      </form>
    </div>
  );
}

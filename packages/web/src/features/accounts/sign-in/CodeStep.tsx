import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorCode, TOTP, TwoFactorMethodKind } from '@twostep/shared';
import { CompleteSignInDocument } from '../../../gql/graphql';
import { describeError, type DescribedError } from '../../../lib/errors/describe-error';
import { useRetryWait } from '../../../lib/use-retry-wait';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { PageHeading } from '../../../ui/PageHeading';
import { TextField } from '../../../ui/TextField';
import { TotpCodeField } from '../../../ui/TotpCodeField';
import { isKeyKind } from '../../two-factor/webauthn';
import { KeySignIn } from './KeySignIn';

export interface CodeStepProps {
  challenge: string;
  expiresAt: string;
  /** What the account can finish with, keys first (from `signIn`). */
  methods: readonly TwoFactorMethodKind[];
  email: string;
  onSignedIn: () => Promise<void>;
  onExpired: () => void;
  onCancel: () => void;
}

/**
 * The second step, as the account allows: its security key or passkey first, then a code of the
 * authenticator app or one of the recovery codes (the only code of an account with keys alone).
 */
export function CodeStep({ challenge, expiresAt, methods, email, onSignedIn, onExpired, onCancel }: CodeStepProps) {
  const hasKey = methods.some(isKeyKind);
  const hasApp = methods.includes(TwoFactorMethodKind.TOTP);
  const hasCodes = methods.includes(TwoFactorMethodKind.RECOVERY_CODE);
  const [completeSignIn, { loading }] = useMutation(CompleteSignInDocument);
  const [useRecovery, setUseRecovery] = useState(!hasApp);
  const [code, setCode] = useState('');
  const [error, setError] = useState<DescribedError | null>(null);
  const [invalid, setInvalid] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);
  const keyButtonRef = useRef<HTMLButtonElement>(null);
  // The key's button has the focus at first; the code field once the person switches codes.
  const switched = useRef(false);
  const wait = useRetryWait(error?.code === ErrorCode.LOCKED_OUT ? error.retryAt : undefined);

  // The challenge lives five minutes; after that only a fresh password step can go on.
  useEffect(() => {
    const left = new Date(expiresAt).getTime() - Date.now();
    const timer = window.setTimeout(onExpired, Math.max(0, left));
    return () => window.clearTimeout(timer);
  }, [expiresAt, onExpired]);

  useEffect(() => (hasKey && !switched.current ? keyButtonRef.current : inputRef.current)?.focus(), [useRecovery, hasKey]);

  const ready = useRecovery ? code.trim().length >= 8 : new RegExp(`^\\d{${TOTP.digits}}$`).test(code.replace(/\s+/g, ''));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    const entered = useRecovery ? code.trim() : code.replace(/\s+/g, '');
    if (!ready) {
      setInvalid(useRecovery ? 'Enter one of your recovery codes.' : `Enter the ${TOTP.digits} digits your app shows.`);
      return inputRef.current?.focus();
    }
    setInvalid(undefined);
    try {
      await completeSignIn({ variables: { input: { challenge, code: entered } } });
      await onSignedIn();
    } catch (caught) {
      const described = describeError(caught, {
        INVALID_CODE: useRecovery
          ? 'That recovery code is not valid or was already used.'
          : 'That code is not valid. Enter the code your app shows now; it changes every 30 seconds.',
      });
      if (described.code === ErrorCode.CHALLENGE_EXPIRED) return onExpired();
      setError(described);
      setCode('');
      inputRef.current?.focus();
    }
  };

  const heading = (
    <PageHeading
      description={
        <>
          Signing in as <strong>{email}</strong>.
        </>
      }
    >
      Two-step verification
    </PageHeading>
  );
  const codeForm = (hasApp || hasCodes) && (
    <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
      {!hasKey && heading}
      {error && <Notice tone="error">{error.message}</Notice>}
      {useRecovery ? (
        <TextField
          ref={inputRef}
          key="recovery"
          label="Recovery code"
          hint="One of the codes you saved when you set up two-step verification, like ABCD-EFGH-JKMN-PQRS. Each works once."
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          error={invalid}
          onChange={(event) => setCode(event.target.value)}
        />
      ) : (
        <TotpCodeField
          ref={inputRef}
          key="totp"
          label="Code from your authenticator app"
          hint={`Open your authenticator app and enter the ${TOTP.digits}-digit code it shows for Twostep.`}
          value={code}
          error={invalid}
          onChange={(event) => setCode(event.target.value)}
        />
      )}
      <div className={hasApp && hasCodes ? 'form-row form-row--between' : 'form-row form-row--end'}>
        {hasApp && hasCodes && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              switched.current = true;
              setUseRecovery(!useRecovery);
              setCode('');
              setError(null);
              setInvalid(undefined);
            }}
          >
            {useRecovery ? 'Use a code from the app instead' : 'Use a recovery code instead'}
          </button>
        )}
        <Button type="submit" variant={hasKey ? 'secondary' : 'primary'} busy={loading} disabled={wait.waiting}>
          {wait.waiting ? `Wait ${wait.label}` : 'Sign in'}
        </Button>
      </div>
    </form>
  );
  const startAgain = (
    <p className="muted small">
      Not you, or wrong account?{' '}
      <button type="button" className="link-button" onClick={onCancel}>
        Start again
      </button>
    </p>
  );

  if (!hasKey) {
    return (
      <div className="stack">
        {codeForm}
        {startAgain}
      </div>
    );
  }
  return (
    <div className="stack">
      {heading}
      <KeySignIn challenge={challenge} alternatives={!!codeForm} onSignedIn={onSignedIn} onExpired={onExpired} buttonRef={keyButtonRef} />
      {codeForm && (
        <>
          <p className="or-divider">
            <span>or enter a code</span>
          </p>
          {codeForm}
        </>
      )}
      {startAgain}
    </div>
  );
}

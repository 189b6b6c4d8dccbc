import { useMutation } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ClientKind, ErrorCode } from '@twostep/shared';
import { SignInDocument, type TwoFactorMethodKind } from '../../../gql/graphql';
import { describeError, type DescribedError } from '../../../lib/errors/describe-error';
import { useRetryWait } from '../../../lib/use-retry-wait';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { PageHeading } from '../../../ui/PageHeading';
import { TextField } from '../../../ui/TextField';

export interface PasswordStepProps {
  email: string;
  onEmailChange: (email: string) => void;
  onSignedIn: () => Promise<void>;
  onSecondFactor: (challenge: { challenge: string; expiresAt: string; methods: TwoFactorMethodKind[] }) => void;
}

export function PasswordStep({ email, onEmailChange, onSignedIn, onSecondFactor }: PasswordStepProps) {
  const [signIn, { loading }] = useMutation(SignInDocument);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<DescribedError | null>(null);
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const passwordRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const wait = useRetryWait(error?.retryAt);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    const empty = {
      email: email.trim() ? undefined : 'Enter your e-mail address.',
      password: password ? undefined : 'Enter your password.',
    };
    setMissing(empty);
    if (empty.email) return emailRef.current?.focus();
    if (empty.password) return passwordRef.current?.focus();
    try {
      const { data } = await signIn({ variables: { input: { email: email.trim(), password, client: ClientKind.WEB } } });
      const result = data?.signIn;
      if (result?.__typename === 'SecondFactorRequired')
        onSecondFactor({ challenge: result.challenge, expiresAt: result.expiresAt, methods: result.methods });
      else if (result?.__typename === 'SignedIn') await onSignedIn();
    } catch (caught) {
      const described = describeError(caught);
      setError(described);
      setPassword('');
      if (described.code === ErrorCode.BAD_USER_INPUT && described.field === 'email') emailRef.current?.focus();
      else passwordRef.current?.focus();
    }
  };

  const emailError = missing.email ?? (error?.code === ErrorCode.BAD_USER_INPUT && error.field === 'email' ? error.message : undefined);
  return (
    <form
      className="stack"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-describedby={error && !emailError ? 'sign-in-error' : undefined}
    >
      <PageHeading focusOnMount={false} description="Use the e-mail address of your Twostep account.">
        Sign in
      </PageHeading>
      {error && !(error.code === ErrorCode.BAD_USER_INPUT && error.field === 'email') && (
        <div id="sign-in-error">
          <Notice tone="error">{error.message}</Notice>
        </div>
      )}
      <TextField
        ref={emailRef}
        label="E-mail address"
        type="email"
        name="email"
        autoComplete="username"
        autoFocus
        required
        value={email}
        error={emailError}
        onChange={(event) => onEmailChange(event.target.value)}
      />
      <TextField
        ref={passwordRef}
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        error={missing.password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <div className="form-row form-row--between">
        <Link to="/forgot-password" className="text-link">
          Forgot your password?
        </Link>
        <Button type="submit" variant="primary" busy={loading} disabled={wait.waiting}>
          {wait.waiting ? `Wait ${wait.label}` : 'Continue'}
        </Button>
      </div>
    </form>
  );
}

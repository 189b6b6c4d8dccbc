import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorCode } from '@twostep/shared';
import { RequestPasswordResetDocument } from '../../../gql/graphql';
import { describeError, type DescribedError } from '../../../lib/errors/describe-error';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { AuthLayout } from '../../../ui/AuthLayout';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { PageHeading } from '../../../ui/PageHeading';
import { TextField } from '../../../ui/TextField';

/** Asks for a reset link. The answer never tells whether the address has an account. */
export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const [requestReset, { loading }] = useMutation(RequestPasswordResetDocument);
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<DescribedError | null>(null);
  const [missing, setMissing] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    setMissing(!email.trim());
    if (!email.trim()) return;
    try {
      await requestReset({ variables: { input: { email: email.trim() } } });
      setSentTo(email.trim());
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  if (sentTo) {
    return (
      <AuthLayout>
        <div className="stack">
          <PageHeading>Check your e-mail</PageHeading>
          <Notice tone="success">
            If <strong>{sentTo}</strong> belongs to a Twostep account, a link to choose a new password is on its way. It works for 30
            minutes.
          </Notice>
          <p className="muted">Nothing arrived after a few minutes? Look in your spam folder, or check the address and ask again.</p>
          <div className="form-row form-row--between">
            <button type="button" className="link-button" onClick={() => setSentTo(null)}>
              Use another address
            </button>
            <Link to="/sign-in" className="btn btn--secondary">
              Back to sign-in
            </Link>
          </div>
        </div>
      </AuthLayout>
    );
  }

  const fieldError = missing ? 'Enter your e-mail address.' : error?.code === ErrorCode.BAD_USER_INPUT ? error.message : undefined;
  return (
    <AuthLayout>
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        <PageHeading description="Enter the e-mail address of your account. We will send you a link to choose a new password.">
          Forgot your password?
        </PageHeading>
        {error && !fieldError && <Notice tone="error">{error.message}</Notice>}
        <TextField
          label="E-mail address"
          type="email"
          name="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          error={fieldError}
          onChange={(event) => setEmail(event.target.value)}
        />
        <div className="form-row form-row--between">
          <Link to="/sign-in" className="text-link">
            Back to sign-in
          </Link>
          <Button type="submit" variant="primary" busy={loading}>
            Send the link
          </Button>
        </div>
      </form>
    </AuthLayout>
  );
}

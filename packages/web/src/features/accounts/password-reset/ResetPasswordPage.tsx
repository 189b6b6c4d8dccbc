import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorCode, Limits } from '@twostep/shared';
import { useSessionChange } from '../../../app/use-session-change';
import { ResetPasswordDocument } from '../../../gql/graphql';
import { describeError, type DescribedError } from '../../../lib/errors/describe-error';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { AuthLayout } from '../../../ui/AuthLayout';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { PageHeading } from '../../../ui/PageHeading';
import { NewPasswordFields, newPasswordProblem } from '../NewPasswordFields';

/** Opened from the e-mailed link: chooses a new password. Every session ends afterwards. */
export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const onSessionChange = useSessionChange();
  const [resetPassword, { loading }] = useMutation(ResetPasswordDocument);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const [error, setError] = useState<DescribedError | null>(null);

  if (!token) {
    return (
      <AuthLayout>
        <div className="stack">
          <PageHeading>This link is incomplete</PageHeading>
          <Notice tone="warning">Open the link from the e-mail again, or copy all of it into the address bar.</Notice>
          <Link to="/forgot-password" className="btn btn--secondary">
            Ask for a new link
          </Link>
        </div>
      </AuthLayout>
    );
  }

  if (error?.code === ErrorCode.TOKEN_INVALID) {
    return (
      <AuthLayout>
        <div className="stack">
          <PageHeading>This link no longer works</PageHeading>
          <Notice tone="warning">Reset links work once, for 30 minutes. Ask for a new one; it will replace this one.</Notice>
          <Link to="/forgot-password" className="btn btn--primary">
            Ask for a new link
          </Link>
        </div>
      </AuthLayout>
    );
  }

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setShowProblems(true);
    setError(null);
    if (newPasswordProblem(password, repeat)) return;
    try {
      await resetPassword({ variables: { input: { token, newPassword: password } } });
      await onSessionChange();
      await navigate('/sign-in', { replace: true, state: { notice: 'password-reset' } });
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <AuthLayout>
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        <PageHeading
          description={`Choose a password of at least ${Limits.minPasswordLength} characters. A long phrase is easy to remember and hard to guess.`}
        >
          Choose a new password
        </PageHeading>
        {error && <Notice tone="error">{error.message}</Notice>}
        <NewPasswordFields
          password={password}
          repeat={repeat}
          onPassword={setPassword}
          onRepeat={setRepeat}
          showProblems={showProblems}
          serverError={error?.field === 'newPassword' ? error.message : undefined}
        />
        <p className="muted small">Afterwards every device is signed out, and your second factor is still asked at sign-in.</p>
        <div className="form-row form-row--end">
          <Button type="submit" variant="primary" busy={loading}>
            Save the new password
          </Button>
        </div>
      </form>
    </AuthLayout>
  );
}

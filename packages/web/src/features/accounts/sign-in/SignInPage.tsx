import { useCallback, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useSessionChange } from '../../../app/use-session-change';
import { safeNext } from '../../../lib/safe-next';
import { useDocumentTitle } from '../../../lib/use-document-title';
import type { TwoFactorMethodKind } from '../../../gql/graphql';
import { AuthLayout } from '../../../ui/AuthLayout';
import { Notice } from '../../../ui/Notice';
import { CodeStep } from './CodeStep';
import { PasswordStep } from './PasswordStep';
import { signInNoticeText, type SignInNotice } from './sign-in-notice';

interface Challenge {
  challenge: string;
  expiresAt: string;
  /** What the account can finish with, keys first. */
  methods: TwoFactorMethodKind[];
  email: string;
}

/**
 * Sign in, in one or two steps: e-mail and password, then (when the account has a second factor)
 * a security key or passkey, a code of the authenticator app, or a recovery code, as the account
 * allows. Afterwards, back to `?next=`.
 */
export function SignInPage() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const onSessionChange = useSessionChange();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [email, setEmail] = useState('');
  const [notice, setNotice] = useState<SignInNotice | null>(() => (location.state as { notice?: SignInNotice } | null)?.notice ?? null);

  const finish = async (): Promise<void> => {
    await onSessionChange();
    await navigate(safeNext(params.get('next')), { replace: true });
  };

  const restart = useCallback((reason: SignInNotice | null): void => {
    setChallenge(null);
    setNotice(reason);
  }, []);
  const expire = useCallback(() => restart('challenge-expired'), [restart]);

  return (
    <AuthLayout footer={<p>Your organization uses Twostep to keep every account protected with two-step verification.</p>}>
      {notice && (
        <Notice tone={notice === 'challenge-expired' || notice === 'session-ended' ? 'warning' : 'success'} className="auth-notice">
          {signInNoticeText[notice]}
        </Notice>
      )}
      {challenge ? (
        <CodeStep
          challenge={challenge.challenge}
          expiresAt={challenge.expiresAt}
          methods={challenge.methods}
          email={challenge.email}
          onSignedIn={finish}
          onExpired={expire}
          onCancel={() => restart(null)}
        />
      ) : (
        <PasswordStep
          email={email}
          onEmailChange={setEmail}
          onSignedIn={finish}
          onSecondFactor={(next) => {
            setNotice(null);
            setChallenge({ ...next, email });
          }}
        />
      )}
    </AuthLayout>
  );
}

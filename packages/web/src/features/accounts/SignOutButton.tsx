import { useMutation } from '@apollo/client/react';
import { LogOut } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorCode } from '@twostep/shared';
import { useSessionChange } from '../../app/use-session-change';
import { SignOutDocument } from '../../gql/graphql';
import { describeError, errorCodeOf } from '../../lib/errors/describe-error';
import { signInPath } from '../../lib/safe-next';
import { Button } from '../../ui/Button';

/**
 * Ends this browser's session (it works while blocked too) and returns to the sign-in page, which
 * leads on to `next` when given (to sign in as someone else and come back).
 */
export function SignOutButton({ compact = false, next, label = 'Sign out' }: { compact?: boolean; next?: string; label?: string }) {
  const [signOut, { loading }] = useMutation(SignOutDocument);
  const onSessionChange = useSessionChange();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);

  const run = async (): Promise<void> => {
    setError(null);
    try {
      await signOut();
    } catch (caught) {
      // Already signed out elsewhere is as good as signed out here.
      if (errorCodeOf(caught) !== ErrorCode.UNAUTHENTICATED) {
        setError(describeError(caught).message);
        return;
      }
    }
    await onSessionChange();
    await navigate(signInPath(next), { replace: true, state: { notice: 'signed-out' } });
  };

  return (
    <span className="sign-out">
      <Button
        variant="ghost"
        size="small"
        busy={loading}
        icon={<LogOut size={16} aria-hidden="true" />}
        onClick={() => void run()}
        aria-label={compact ? label : undefined}
      >
        <span className={compact ? 'hide-narrow' : undefined}>{label}</span>
      </Button>
      {error && (
        <span className="sign-out__error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

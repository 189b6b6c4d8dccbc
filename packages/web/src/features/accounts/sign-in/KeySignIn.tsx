import { useMutation } from '@apollo/client/react';
import { KeyRound } from 'lucide-react';
import { useId, useState, type Ref } from 'react';
import { ErrorCode } from '@twostep/shared';
import { CompleteSignInDocument, StartSecurityKeySignInDocument } from '../../../gql/graphql';
import { describeError, firstGraphQLError } from '../../../lib/errors/describe-error';
import { useRetryWait } from '../../../lib/use-retry-wait';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { KeyCeremonyError, keyProblemMessage, signWithKey } from '../../two-factor/webauthn';

export interface KeySignInProps {
  challenge: string;
  /** Another way follows below (a code): the words point to it. */
  alternatives: boolean;
  onSignedIn: () => Promise<void>;
  onExpired: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}

type Problem = { tone: 'warning' | 'error'; message: string; code?: string; retryAt?: string };

/** Why the server refused a key's answer (`extensions.reason` of KEY_REFUSED), where it helps to say. */
const refusals: Partial<Record<string, string>> = {
  CREDENTIAL: 'This key is not one of your account’s. Use the key or passkey you added to Twostep.',
  COUNTER: 'This key’s answer repeated an earlier one, so it was refused. Try again, or use another key.',
};

/**
 * The second step with a security key or passkey: fresh options for this sign-in, the browser's
 * prompt, then its answer to the server. Cancelling the prompt (or letting it time out) leaves the
 * button to try again, and the other ways below.
 */
export function KeySignIn({ challenge, alternatives, onSignedIn, onExpired, buttonRef }: KeySignInProps) {
  const [start] = useMutation(StartSecurityKeySignInDocument);
  const [complete] = useMutation(CompleteSignInDocument);
  const hintId = useId();
  const [busy, setBusy] = useState<'browser' | 'server' | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const wait = useRetryWait(problem?.code === ErrorCode.LOCKED_OUT ? problem.retryAt : undefined);

  const run = async (): Promise<void> => {
    setProblem(null);
    setBusy('server');
    try {
      const { data } = await start({ variables: { input: { challenge } } });
      if (!data) return;
      setBusy('browser');
      const securityKey = await signWithKey(data.startSecurityKeySignIn.options);
      setBusy('server');
      await complete({ variables: { input: { challenge, securityKey } } });
      await onSignedIn();
    } catch (caught) {
      if (caught instanceof KeyCeremonyError) {
        return setProblem({ tone: 'warning', message: keyProblemMessage(caught.problem, { alternatives }) });
      }
      const described = describeError(caught);
      if (described.code === ErrorCode.CHALLENGE_EXPIRED) return onExpired();
      const reason = firstGraphQLError(caught)?.extensions?.reason;
      const refusal = described.code === ErrorCode.KEY_REFUSED && typeof reason === 'string' ? refusals[reason] : undefined;
      setProblem({ tone: 'error', message: refusal ?? described.message, code: described.code, retryAt: described.retryAt });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="key-sign-in stack-sm">
      {problem && <Notice tone={problem.tone}>{problem.message}</Notice>}
      <p id={hintId}>Your browser asks for the key or passkey you added: insert and touch the key, or confirm on your device.</p>
      <Button
        ref={buttonRef}
        variant="primary"
        className="key-sign-in__button"
        icon={<KeyRound size={18} aria-hidden="true" />}
        busy={busy !== null}
        disabled={wait.waiting}
        aria-describedby={hintId}
        onClick={() => void run()}
      >
        {wait.waiting ? `Wait ${wait.label}` : 'Use your security key or passkey'}
      </Button>
      <p className="visually-hidden" role="status">
        {busy === 'browser' ? 'Waiting for your security key or passkey.' : ''}
      </p>
    </div>
  );
}

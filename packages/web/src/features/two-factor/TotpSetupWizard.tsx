import { useMutation } from '@apollo/client/react';
import { Smartphone } from 'lucide-react';
import { useState } from 'react';
import { ErrorCode } from '@twostep/shared';
import { ConfirmTotpEnrollmentDocument, StartTotpEnrollmentDocument } from '../../gql/graphql';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { TextField } from '../../ui/TextField';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { ScanStep, type Enrollment } from './ScanStep';

type Stage = { step: 'intro' } | { step: 'scan'; enrollment: Enrollment } | { step: 'codes'; codes: string[] };

export interface TotpSetupWizardProps {
  email: string;
  /** Replacing the existing authenticator (which needs a fresh proof). */
  replacing?: boolean;
  /** The account has a method already (a key): adding the app needs a fresh proof too. */
  proofNeeded?: boolean;
  /** Whether the account has an app whose code can be that proof (else a recovery code). */
  hasApp?: boolean;
  /** Told at each step, so that nothing around the recovery codes takes the screen away. */
  onStep?: (step: Stage['step']) => void;
  /** After the person says the recovery codes are saved. */
  onFinished: () => void;
  onCancel?: () => void;
  finishLabel?: string;
}

const stepNames = ['Get an app', 'Scan and confirm', 'Save recovery codes'] as const;
const stepIndex = { intro: 0, scan: 1, codes: 2 } as const;

/**
 * Adding an authenticator app: a fresh key (QR code or typed by hand), a code to confirm it, then
 * the recovery codes, shown once. Used by the block screen and by the account page.
 */
export function TotpSetupWizard({
  email,
  replacing = false,
  proofNeeded = replacing,
  hasApp = replacing,
  onFinished,
  onCancel,
  finishLabel,
  onStep,
}: TotpSetupWizardProps) {
  const [stage, setStageState] = useState<Stage>({ step: 'intro' });
  const setStage = (next: Stage): void => {
    setStageState(next);
    onStep?.(next.step);
  };
  const [start, { loading: starting }] = useMutation(StartTotpEnrollmentDocument);
  const [confirm, { loading: confirming }] = useMutation(ConfirmTotpEnrollmentDocument);
  const [startError, setStartError] = useState<DescribedError | null>(null);
  // A session that entered its password long ago must enter it again to start (a stolen session
  // must not plant its own authenticator): the server says so, and the field appears.
  const [passwordNeeded, setPasswordNeeded] = useState(false);
  const [password, setPassword] = useState('');

  const begin = async (): Promise<void> => {
    setStartError(null);
    try {
      const { data } = await start({ variables: passwordNeeded ? { input: { password } } : {} });
      if (data) {
        setPassword('');
        setPasswordNeeded(false);
        setStage({ step: 'scan', enrollment: data.startTotpEnrollment });
      }
    } catch (caught) {
      const described = describeError(caught, { PROOF_REQUIRED: 'That password is not right.' });
      if (described.code === ErrorCode.PROOF_REQUIRED && !passwordNeeded) {
        // First time: not an error, a question; the field appears with its hint.
        setPasswordNeeded(true);
        setStage({ step: 'intro' });
        return;
      }
      setStartError(described);
    }
  };
  const passwordError = startError?.code === ErrorCode.PROOF_REQUIRED ? startError.message : undefined;

  const current = stepIndex[stage.step];
  return (
    <div className="wizard">
      <ol className="wizard__steps">
        {stepNames.map((name, index) => (
          <li
            key={name}
            className={index === current ? 'is-current' : index < current ? 'is-done' : undefined}
            aria-current={index === current ? 'step' : undefined}
          >
            <span className="wizard__step-number" aria-hidden="true">
              {index + 1}
            </span>
            <span className="wizard__step-name">
              <span className="visually-hidden">{`Step ${index + 1} of ${stepNames.length}: `}</span>
              {name}
              {index < current && <span className="visually-hidden"> (done)</span>}
            </span>
          </li>
        ))}
      </ol>

      {stage.step === 'intro' && (
        <div className="stack">
          <div className="intro-app">
            <Smartphone size={28} aria-hidden="true" className="intro-app__icon" />
            <div>
              <h2 className="step-title">You need an authenticator app</h2>
              <p>
                Any app that makes time-based codes works: Google Authenticator, Microsoft Authenticator, 1Password, Bitwarden, Aegis, or
                the one built into your password manager. Install one on your phone if you have none yet.
              </p>
            </div>
          </div>
          {startError && !passwordError && <Notice tone="error">{startError.message}</Notice>}
          <form
            className="stack"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void begin();
            }}
          >
            {passwordNeeded && (
              <TextField
                label="Your password"
                hint="You signed in a while ago: confirm it is you before adding an authenticator."
                type="password"
                autoComplete="current-password"
                value={password}
                error={passwordError}
                autoFocus
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
            <div className="form-row form-row--end">
              {onCancel && <Button onClick={onCancel}>Cancel</Button>}
              <Button type="submit" variant="primary" busy={starting} disabled={passwordNeeded && !password}>
                {replacing ? 'Set up the new app' : 'I have an app, continue'}
              </Button>
            </div>
          </form>
        </div>
      )}

      {stage.step === 'scan' && (
        <ScanStep
          enrollment={stage.enrollment}
          email={email}
          proofNeeded={proofNeeded}
          hasApp={hasApp}
          confirming={confirming}
          onConfirm={async (code, proof) => {
            const { data } = await confirm({ variables: { input: { code, ...(proof ? { proof } : {}) } } });
            if (data) setStage({ step: 'codes', codes: data.confirmTotpEnrollment.codes });
          }}
          onRestart={() => void begin()}
          onCancel={onCancel}
        />
      )}

      {stage.step === 'codes' && (
        <RecoveryCodesPanel codes={stage.codes} email={email} onContinue={onFinished} continueLabel={finishLabel} />
      )}
    </div>
  );
}

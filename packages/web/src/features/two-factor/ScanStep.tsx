import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorCode, TOTP } from '@twostep/shared';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { groupKey } from '../../lib/format';
import { useRetryWait } from '../../lib/use-retry-wait';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Notice } from '../../ui/Notice';
import { emptyProof, ProofFields, proofInput, type Proof } from './ProofFields';
import { TotpCodeField } from '../../ui/TotpCodeField';

export interface Enrollment {
  secret: string;
  uri: string;
  qrCodeDataUrl: string;
}

export interface ScanStepProps {
  enrollment: Enrollment;
  email: string;
  /** Adding to an account that has a method already (or replacing the app) needs a fresh proof. */
  proofNeeded: boolean;
  /** Whether the account has an app whose code can be the proof (else a recovery code). */
  hasApp?: boolean;
  confirming: boolean;
  /** Throws the API error when the code (or the proof) is refused. */
  onConfirm: (code: string, proof?: { password?: string; code?: string }) => Promise<void>;
  onRestart: () => void;
  onCancel?: () => void;
}

/** Shows the key (QR code and typed form), then asks for the first code to prove the app has it. */
export function ScanStep({ enrollment, email, proofNeeded, hasApp = true, confirming, onConfirm, onRestart, onCancel }: ScanStepProps) {
  const [code, setCode] = useState('');
  const [proof, setProof] = useState<Proof>(emptyProof);
  const [error, setError] = useState<DescribedError | null>(null);
  const [invalid, setInvalid] = useState<string | undefined>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const wait = useRetryWait(error?.code === ErrorCode.LOCKED_OUT ? error.retryAt : undefined);
  useEffect(() => headingRef.current?.focus(), [enrollment.secret]);

  const codeReady = new RegExp(`^\\d{${TOTP.digits}}$`).test(code.replace(/\s+/g, ''));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    if (!codeReady) {
      setInvalid(`Enter the ${TOTP.digits} digits the app shows for Twostep.`);
      return codeRef.current?.focus();
    }
    setInvalid(undefined);
    try {
      await onConfirm(code.replace(/\s+/g, ''), proofNeeded ? proofInput(proof) : undefined);
    } catch (caught) {
      const described = describeError(caught, {
        INVALID_CODE: 'That code is not right. Check that the app shows a code for Twostep, and enter the one it shows now.',
        CONFLICT: 'This setup has expired. Start it again to get a new key.',
      });
      setError(described);
      if (described.code === ErrorCode.PROOF_REQUIRED) return;
      setCode('');
      codeRef.current?.focus();
    }
  };

  const groups = groupKey(enrollment.secret);
  const proofError = error?.code === ErrorCode.PROOF_REQUIRED ? error.message : undefined;
  return (
    <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
      <h2 ref={headingRef} tabIndex={-1} className="step-title">
        Add Twostep to your app
      </h2>
      <div className="scan">
        <figure className="scan__qr">
          <img
            src={enrollment.qrCodeDataUrl}
            width={184}
            height={184}
            alt="QR code holding your new Twostep key. If you cannot scan it, type the key shown beside it."
          />
        </figure>
        <div className="scan__manual stack-sm">
          <p>In the app, choose to add an account and scan this code with your phone's camera.</p>
          <p className="small">
            On your phone already?{' '}
            <a href={enrollment.uri} className="text-link">
              Open the key in your authenticator app
            </a>
          </p>
          <p className="muted small">Cannot scan? Choose to enter a key instead, and type:</p>
          <p className="secret-key" aria-label={`Key: ${groups.join(' ')}`}>
            {groups.map((group, index) => (
              <span key={index}>{group}</span>
            ))}
          </p>
          <dl className="facts">
            <div>
              <dt>Account</dt>
              <dd>{email}</dd>
            </div>
            <div>
              <dt>Type</dt>
              <dd>Time-based, {TOTP.digits} digits</dd>
            </div>
          </dl>
          <CopyButton text={enrollment.secret} label="Copy the key" size="small" />
        </div>
      </div>

      {error && error.code !== ErrorCode.PROOF_REQUIRED && (
        <Notice tone="error">
          {error.message}
          {error.code === ErrorCode.CONFLICT && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={onRestart}>
                Start again
              </button>
            </>
          )}
        </Notice>
      )}
      <TotpCodeField
        ref={codeRef}
        label="Code from the app"
        hint={`Once Twostep is added, the app shows a ${TOTP.digits}-digit code. Enter it here.`}
        value={code}
        error={invalid}
        onChange={(event) => setCode(event.target.value)}
      />
      {proofNeeded && <ProofFields proof={proof} onChange={setProof} error={proofError} hasApp={hasApp} />}
      <div className="form-row form-row--end">
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
        <Button type="submit" variant="primary" busy={confirming} disabled={(proofNeeded && !proof.value) || wait.waiting}>
          {wait.waiting ? `Wait ${wait.label}` : 'Confirm'}
        </Button>
      </div>
    </form>
  );
}

import { useId } from 'react';
import { TOTP } from '@twostep/shared';
import { TextField } from '../../ui/TextField';

export type ProofKind = 'password' | 'code';

export interface Proof {
  kind: ProofKind;
  value: string;
}

export const emptyProof: Proof = { kind: 'password', value: '' };

/** The API's `ProofInput`: exactly one of password or code. */
export const proofInput = (proof: Proof): { password?: string; code?: string } =>
  proof.kind === 'password' ? { password: proof.value } : { code: proof.value.trim() };

export interface ProofFieldsProps {
  proof: Proof;
  onChange: (proof: Proof) => void;
  error?: string;
  /** Without an authenticator app (only keys), the code is one of the recovery codes. */
  hasApp?: boolean;
}

/** "Confirm it's you": the current password, or a current code (or a recovery code). */
export function ProofFields({ proof, onChange, error, hasApp = true }: ProofFieldsProps) {
  const name = useId();
  return (
    <fieldset className="fieldset">
      <legend className="field__label">Confirm it is you</legend>
      <div className="segmented">
        {(['password', 'code'] as const).map((kind) => (
          <label key={kind} className="segmented__option">
            <input type="radio" name={name} value={kind} checked={proof.kind === kind} onChange={() => onChange({ kind, value: '' })} />
            <span>{kind === 'password' ? 'Password' : hasApp ? 'Authenticator code' : 'Recovery code'}</span>
          </label>
        ))}
      </div>
      {proof.kind === 'password' ? (
        <TextField
          key="password"
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={proof.value}
          error={error}
          onChange={(event) => onChange({ kind: 'password', value: event.target.value })}
        />
      ) : hasApp ? (
        <TextField
          key="code"
          label="Code from your authenticator app"
          hint={`The ${TOTP.digits}-digit code your app shows now, or an unused recovery code.`}
          autoComplete="one-time-code"
          spellCheck={false}
          value={proof.value}
          error={error}
          onChange={(event) => onChange({ kind: 'code', value: event.target.value })}
        />
      ) : (
        <TextField
          key="recovery"
          label="Recovery code"
          hint="One of the recovery codes you saved, like ABCD-EFGH-JKMN-PQRS. Each works once."
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={proof.value}
          error={error}
          onChange={(event) => onChange({ kind: 'code', value: event.target.value })}
        />
      )}
    </fieldset>
  );
}

import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@twostep/shared';
import { RemoveSecurityKeyDocument, type SecurityKeyItemFragment } from '../../gql/graphql';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { emptyProof, ProofFields, proofInput, type Proof } from './ProofFields';
import { keyKindLabel } from './webauthn';

export interface RemoveKeyDialogProps {
  /** The key to remove; null keeps the window closed. */
  securityKey: SecurityKeyItemFragment | null;
  /** Whether an app's code can be the proof (else a recovery code). */
  hasApp: boolean;
  /** The organizations of the account that accept only keys, by name. */
  keysOnlyIn: string[];
  onClose: () => void;
  onRemoved: (key: SecurityKeyItemFragment) => void;
}

/**
 * Removing a key or passkey, with a fresh proof. Refused with LAST_METHOD_REQUIRED when an
 * organization that requires 2FA would no longer accept the account's methods: its last method,
 * or its last key where only keys count. The refusal names the organizations.
 */
export function RemoveKeyDialog({ securityKey, hasApp, keysOnlyIn, onClose, onRemoved }: RemoveKeyDialogProps) {
  const [remove, { loading }] = useMutation(RemoveSecurityKeyDocument);
  const [proof, setProof] = useState<Proof>(emptyProof);
  const [error, setError] = useState<DescribedError | null>(null);

  const close = (): void => {
    setProof(emptyProof);
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!securityKey) return;
    setError(null);
    try {
      await remove({ variables: { input: { id: securityKey.id, proof: proofInput(proof) } } });
      setProof(emptyProof);
      onRemoved(securityKey);
    } catch (caught) {
      setError(
        describeError(caught, {
          LAST_METHOD_REQUIRED: ({ organizations }) => {
            const named = organizations.length ? organizations.join(', ') : 'An organization you belong to';
            return organizations.some((name) => keysOnlyIn.includes(name))
              ? `${named} accepts only security keys and passkeys, so your last one cannot be removed. Add another key first.`
              : `${named} requires two-step verification, so your only method cannot be removed. Add another key or an authenticator app first.`;
          },
        }),
      );
    }
  };

  const proofError = error?.code === ErrorCode.PROOF_REQUIRED ? error.message : undefined;
  const refused = error?.code === ErrorCode.LAST_METHOD_REQUIRED;
  const what = securityKey ? `${keyKindLabel(securityKey.kind).toLowerCase()} “${securityKey.name}”` : 'key';
  return (
    <Dialog
      open={securityKey !== null}
      onOpenChange={(next) => !next && close()}
      busy={loading}
      title={`Remove the ${what}?`}
      description="It no longer signs you in. To use it again, you would add it again."
    >
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        {error && !proofError && (
          <Notice tone="error" title={refused ? 'It cannot be removed' : undefined}>
            {error.message}
          </Notice>
        )}
        {!refused && <ProofFields proof={proof} onChange={setProof} error={proofError} hasApp={hasApp} />}
        <div className="form-row form-row--end">
          <Button onClick={close} disabled={loading}>
            {refused ? 'Close' : 'Cancel'}
          </Button>
          {!refused && (
            <Button type="submit" variant="danger" busy={loading} disabled={!proof.value}>
              Remove it
            </Button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

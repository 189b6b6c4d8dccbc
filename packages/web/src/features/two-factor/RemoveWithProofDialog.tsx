import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@twostep/shared';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { emptyProof, ProofFields, proofInput, type Proof } from './ProofFields';

export interface RemoveWithProofDialogProps {
  open: boolean;
  title: string;
  description: string;
  /** The danger button's words. */
  submitLabel: string;
  /** Whether an app's code can be the proof (else a recovery code). */
  hasApp?: boolean;
  /** The removal's mutation is running. */
  busy: boolean;
  /** Runs the removal with the proof; what it throws is shown. */
  remove: (proof: ReturnType<typeof proofInput>) => Promise<unknown>;
  /** The words for LAST_METHOD_REQUIRED, given the organizations that refused. */
  describeRefusal: (organizations: string[]) => string;
  onClose: () => void;
  onRemoved: () => void;
}

/**
 * Removing a second factor with a fresh proof (password or code). A wrong proof is said beside its
 * field; a refusal because an organization still needs the method replaces the form, so only
 * "Close" is left.
 */
export function RemoveWithProofDialog({
  open,
  title,
  description,
  submitLabel,
  hasApp,
  busy,
  remove,
  describeRefusal,
  onClose,
  onRemoved,
}: RemoveWithProofDialogProps) {
  const [proof, setProof] = useState<Proof>(emptyProof);
  const [error, setError] = useState<DescribedError | null>(null);

  const close = (): void => {
    setProof(emptyProof);
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      await remove(proofInput(proof));
      setProof(emptyProof);
      onRemoved();
    } catch (caught) {
      setError(describeError(caught, { LAST_METHOD_REQUIRED: ({ organizations }) => describeRefusal(organizations) }));
    }
  };

  const proofError = error?.code === ErrorCode.PROOF_REQUIRED ? error.message : undefined;
  const refused = error?.code === ErrorCode.LAST_METHOD_REQUIRED;
  return (
    <Dialog open={open} onOpenChange={(next) => !next && close()} busy={busy} title={title} description={description}>
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        {error && !proofError && (
          <Notice tone="error" title={refused ? 'It cannot be removed' : undefined}>
            {error.message}
          </Notice>
        )}
        {!refused && <ProofFields proof={proof} onChange={setProof} error={proofError} hasApp={hasApp} />}
        <div className="form-row form-row--end">
          <Button onClick={close} disabled={busy}>
            {refused ? 'Close' : 'Cancel'}
          </Button>
          {!refused && (
            <Button type="submit" variant="danger" busy={busy} disabled={!proof.value}>
              {submitLabel}
            </Button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

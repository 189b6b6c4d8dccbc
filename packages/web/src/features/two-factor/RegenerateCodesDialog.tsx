import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@twostep/shared';
import { RegenerateRecoveryCodesDocument } from '../../gql/graphql';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { emptyProof, ProofFields, proofInput, type Proof } from './ProofFields';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';

export interface RegenerateCodesDialogProps {
  open: boolean;
  onClose: () => void;
  email: string;
  /** Whether an app's code can be the proof (else a recovery code). */
  hasApp?: boolean;
}

/** New recovery codes replace the old ones; shown once, in the same window. */
export function RegenerateCodesDialog({ open, onClose, email, hasApp = true }: RegenerateCodesDialogProps) {
  const [regenerate, { loading }] = useMutation(RegenerateRecoveryCodesDocument);
  const [proof, setProof] = useState<Proof>(emptyProof);
  const [error, setError] = useState<DescribedError | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  const close = (): void => {
    setProof(emptyProof);
    setError(null);
    setCodes(null);
    onClose();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      const { data } = await regenerate({ variables: { input: { proof: proofInput(proof) } } });
      if (data) setCodes(data.regenerateRecoveryCodes.codes);
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const proofError = error?.code === ErrorCode.PROOF_REQUIRED ? error.message : undefined;
  return (
    <Dialog
      open={open}
      // Once the codes show, only "I saved them" closes the window: they are not shown again.
      onOpenChange={(next) => !next && !codes && close()}
      busy={loading}
      dismissible={!codes}
      title={codes ? 'Save your new recovery codes' : 'Make new recovery codes?'}
      description={codes ? undefined : 'The codes you have now stop working, and ten new ones are shown once.'}
    >
      {codes ? (
        <RecoveryCodesPanel codes={codes} email={email} onContinue={close} continueLabel="I saved them, close" heading={null} />
      ) : (
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
          {error && !proofError && <Notice tone="error">{error.message}</Notice>}
          <ProofFields proof={proof} onChange={setProof} error={proofError} hasApp={hasApp} />
          <div className="form-row form-row--end">
            <Button onClick={close} disabled={loading}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={loading} disabled={!proof.value}>
              Make new codes
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

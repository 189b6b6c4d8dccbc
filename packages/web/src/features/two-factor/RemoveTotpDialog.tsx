import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@twostep/shared';
import { RemoveTotpDocument } from '../../gql/graphql';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { emptyProof, ProofFields, proofInput, type Proof } from './ProofFields';

export interface RemoveTotpDialogProps {
  open: boolean;
  /** The app is the account's only method: removing it turns 2FA off (and the recovery codes go). */
  lastMethod: boolean;
  onClose: () => void;
  onRemoved: () => void;
}

/**
 * Removing the authenticator (with the recovery codes, when it is the last method). Refused with
 * LAST_METHOD_REQUIRED while an organization requires 2FA; the refusal names the organizations.
 */
export function RemoveTotpDialog({ open, lastMethod, onClose, onRemoved }: RemoveTotpDialogProps) {
  const [remove, { loading }] = useMutation(RemoveTotpDocument);
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
      await remove({ variables: { input: { proof: proofInput(proof) } } });
      setProof(emptyProof);
      onRemoved();
    } catch (caught) {
      setError(
        describeError(caught, {
          LAST_METHOD_REQUIRED: ({ organizations }) =>
            `${organizations.length ? organizations.join(', ') : 'An organization you belong to'} requires two-step verification of its members, so you cannot turn it off. To change phones, use "Replace the app" instead.`,
        }),
      );
    }
  };

  const proofError = error?.code === ErrorCode.PROOF_REQUIRED ? error.message : undefined;
  const refused = error?.code === ErrorCode.LAST_METHOD_REQUIRED;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !next && close()}
      busy={loading}
      title={lastMethod ? 'Turn off two-step verification?' : 'Remove the authenticator app?'}
      description={
        lastMethod
          ? 'Your authenticator app and recovery codes stop working, and your sign-in asks only for your password.'
          : 'Codes from your app stop working. Your security keys, passkeys and recovery codes still sign you in.'
      }
    >
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        {error && !proofError && (
          <Notice tone="error" title={refused ? 'It cannot be removed' : undefined}>
            {error.message}
          </Notice>
        )}
        {!refused && <ProofFields proof={proof} onChange={setProof} error={proofError} />}
        <div className="form-row form-row--end">
          <Button onClick={close} disabled={loading}>
            {refused ? 'Close' : 'Cancel'}
          </Button>
          {!refused && (
            <Button type="submit" variant="danger" busy={loading} disabled={!proof.value}>
              {lastMethod ? 'Turn it off' : 'Remove the app'}
            </Button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

import { useMutation } from '@apollo/client/react';
import { RotateCcw } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@twostep/shared';
import { ResetMemberSecondFactorsDocument, type MemberRowFragment } from '../../gql/graphql';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { emptyProof, ProofFields, proofInput, type Proof } from '../two-factor/ProofFields';

/**
 * For an INTERNAL member who lost their phone and recovery codes: removes their second factors,
 * after the administrator's own fresh proof. The member is signed out and told by e-mail.
 */
export function ResetSecondFactorsButton({
  organizationId,
  member,
  required,
  onReset,
}: {
  organizationId: string;
  member: MemberRowFragment;
  required: boolean;
  onReset: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [proof, setProof] = useState<Proof>(emptyProof);
  const [error, setError] = useState<DescribedError | null>(null);
  const [reset, { loading }] = useMutation(ResetMemberSecondFactorsDocument);

  const close = (): void => {
    setOpen(false);
    setProof(emptyProof);
    setError(null);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      await reset({ variables: { input: { organizationId, userId: member.id, proof: proofInput(proof), confirm: true } } });
      close();
      onReset();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const proofError = error?.code === ErrorCode.PROOF_REQUIRED ? error.message : undefined;
  return (
    <>
      <Button icon={<RotateCcw size={16} aria-hidden="true" />} onClick={() => setOpen(true)}>
        Reset second factors
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => (next ? setOpen(true) : close())}
        busy={loading}
        title={`Reset ${member.displayName}'s second factors?`}
        description={
          <>
            Their authenticator app and recovery codes stop working, their sessions end, and they are told by e-mail.{' '}
            {required
              ? 'This organization requires 2FA, so at their next action they must set it up again.'
              : 'They can set it up again from their account.'}{' '}
            Do this only when you are sure who asked.
          </>
        }
      >
        <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
          {error && !proofError && <Notice tone="error">{error.message}</Notice>}
          <ProofFields proof={proof} onChange={setProof} error={proofError} />
          <div className="form-row form-row--end">
            <Button onClick={close} disabled={loading}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" busy={loading} disabled={!proof.value}>
              Reset
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

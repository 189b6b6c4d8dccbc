import { useMutation } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { Limits } from '@twostep/shared';
import { RenameSecurityKeyDocument, type SecurityKeyItemFragment } from '../../gql/graphql';
import { describeError, type DescribedError } from '../../lib/errors/describe-error';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { TextField } from '../../ui/TextField';

export interface RenameKeyDialogProps {
  /** The key to rename; null keeps the window closed. */
  securityKey: SecurityKeyItemFragment | null;
  onClose: () => void;
  onRenamed: (key: SecurityKeyItemFragment) => void;
}

/** A new name for a key (1–60 characters); the list follows through the cache. */
export function RenameKeyDialog({ securityKey, onClose, onRenamed }: RenameKeyDialogProps) {
  const [rename, { loading }] = useMutation(RenameSecurityKeyDocument);
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const [error, setError] = useState<DescribedError | null>(null);

  // Each opening starts from the key's current name.
  useEffect(() => {
    setName(securityKey?.name ?? '');
    setInvalid(undefined);
    setError(null);
  }, [securityKey]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!securityKey) return;
    setError(null);
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > Limits.maxKeyNameLength) {
      setInvalid(`Name the key with 1 to ${Limits.maxKeyNameLength} characters.`);
      return;
    }
    setInvalid(undefined);
    try {
      const { data } = await rename({ variables: { input: { id: securityKey.id, name: trimmed } } });
      if (data) onRenamed(data.renameSecurityKey);
    } catch (caught) {
      const described = describeError(caught);
      if (described.field === 'name') setInvalid(described.message);
      else setError(described);
    }
  };

  return (
    <Dialog
      open={securityKey !== null}
      onOpenChange={(next) => !next && onClose()}
      busy={loading}
      title={securityKey ? `Rename “${securityKey.name}”` : 'Rename the key'}
    >
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate>
        {error && <Notice tone="error">{error.message}</Notice>}
        <TextField
          label="Key name"
          hint="So you can tell your keys apart, like “Blue YubiKey” or “Work laptop”."
          autoComplete="off"
          autoFocus
          maxLength={Limits.maxKeyNameLength}
          value={name}
          error={invalid}
          onChange={(event) => setName(event.target.value)}
        />
        <div className="form-row form-row--end">
          <Button onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={loading}>
            Save the name
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

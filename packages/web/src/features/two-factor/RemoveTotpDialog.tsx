import { useMutation } from '@apollo/client/react';
import { RemoveTotpDocument } from '../../gql/graphql';
import { RemoveWithProofDialog } from './RemoveWithProofDialog';

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
  return (
    <RemoveWithProofDialog
      open={open}
      title={lastMethod ? 'Turn off two-step verification?' : 'Remove the authenticator app?'}
      description={
        lastMethod
          ? 'Your authenticator app and recovery codes stop working, and your sign-in asks only for your password.'
          : 'Codes from your app stop working. Your security keys, passkeys and recovery codes still sign you in.'
      }
      submitLabel={lastMethod ? 'Turn it off' : 'Remove the app'}
      busy={loading}
      remove={(proof) => remove({ variables: { input: { proof } } })}
      describeRefusal={(organizations) =>
        `${organizations.length ? organizations.join(', ') : 'An organization you belong to'} requires two-step verification of its members, so you cannot turn it off. To change phones, use "Replace the app" instead.`
      }
      onClose={onClose}
      onRemoved={onRemoved}
    />
  );
}

import { useMutation } from '@apollo/client/react';
import { RemoveSecurityKeyDocument, type SecurityKeyItemFragment } from '../../gql/graphql';
import { RemoveWithProofDialog } from './RemoveWithProofDialog';
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
  const what = securityKey ? `${keyKindLabel(securityKey.kind).toLowerCase()} “${securityKey.name}”` : 'key';
  return (
    <RemoveWithProofDialog
      open={securityKey !== null}
      title={`Remove the ${what}?`}
      description="It no longer signs you in. To use it again, you would add it again."
      submitLabel="Remove it"
      hasApp={hasApp}
      busy={loading}
      remove={async (proof) => {
        if (securityKey) await remove({ variables: { input: { id: securityKey.id, proof } } });
      }}
      describeRefusal={(organizations) => {
        const named = organizations.length ? organizations.join(', ') : 'An organization you belong to';
        return organizations.some((name) => keysOnlyIn.includes(name))
          ? `${named} accepts only security keys and passkeys, so your last one cannot be removed. Add another key first.`
          : `${named} requires two-step verification, so your only method cannot be removed. Add another key or an authenticator app first.`;
      }}
      onClose={onClose}
      onRemoved={() => securityKey && onRemoved(securityKey)}
    />
  );
}

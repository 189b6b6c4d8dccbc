import { useApolloClient } from '@apollo/client/react';
import { Fingerprint, KeyRound } from 'lucide-react';
import { useState } from 'react';
import { AllowedMethods, TwoFactorMethodKind } from '@twostep/shared';
import { useViewer } from '../../app/viewer-context';
import { AccountSecurityDocument, ShellViewerDocument, type AccountSecurityQuery, type SecurityKeyItemFragment } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';
import { RemoveKeyDialog } from './RemoveKeyDialog';
import { RenameKeyDialog } from './RenameKeyDialog';
import { SecurityKeySetup } from './SecurityKeySetup';
import { keyKindLabel } from './webauthn';

type Security = AccountSecurityQuery['viewer'];

/**
 * The account's security keys and passkeys: each one's name, kind, when it was added and last
 * used; add another, rename one, remove one (with a fresh proof).
 */
export function SecurityKeysSection({ security }: { security: Security }) {
  const viewer = useViewer();
  const client = useApolloClient();
  const [adding, setAdding] = useState(false);
  const [dialog, setDialog] = useState<{ action: 'rename' | 'remove'; key: SecurityKeyItemFragment } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const keys = security.securityKeys;
  const hasApp = security.twoFactorMethods.some((method) => method.kind === TwoFactorMethodKind.TOTP);
  const keysOnlyIn = security.access.requiringOrganizations.filter((o) => o.allowedMethods === AllowedMethods.PHISHING_RESISTANT);

  const refresh = async (): Promise<void> => {
    await client.refetchQueries({ include: [AccountSecurityDocument, ShellViewerDocument] }).catch(() => undefined);
  };

  if (adding) {
    return (
      <Section title="Add a security key or passkey">
        <SecurityKeySetup
          email={viewer.email}
          finishLabel="I saved them, done"
          titled={false}
          onCancel={() => setAdding(false)}
          onFinished={(key) => {
            setAdding(false);
            setNotice(`${keyKindLabel(key.kind)} “${key.name}” is added. Your sign-in can now ask for it.`);
            void refresh();
          }}
        />
      </Section>
    );
  }

  return (
    <Section
      title="Security keys and passkeys"
      description="Sign in with a touch instead of a code. A key or passkey works only on this site, so a fake sign-in page cannot use it."
      actions={
        <Button variant={keys.length === 0 && !security.twoFactorEnabled ? 'primary' : 'secondary'} onClick={() => setAdding(true)}>
          Add a security key or passkey
        </Button>
      }
    >
      {notice && <Notice tone="success">{notice}</Notice>}
      {keys.length === 0 ? (
        <p className="muted">No security key or passkey yet.</p>
      ) : (
        <ul className="list" aria-label="Your security keys and passkeys">
          {keys.map((key) => {
            const Icon = key.kind === TwoFactorMethodKind.PASSKEY ? Fingerprint : KeyRound;
            return (
              <li key={key.id} className="list__item">
                <Icon className="list__icon" size={20} aria-hidden="true" />
                <div className="list__main">
                  <span className="list__title">
                    {key.name} <Badge tone={key.kind === TwoFactorMethodKind.PASSKEY ? 'info' : 'neutral'}>{keyKindLabel(key.kind)}</Badge>
                  </span>
                  <span className="muted small">
                    Added {formatDate(key.createdAt)} · {key.lastUsedAt ? `Last used ${formatDateTime(key.lastUsedAt)}` : 'Never used'}
                  </span>
                </div>
                <div className="button-row">
                  <Button size="small" aria-label={`Rename ${key.name}`} onClick={() => setDialog({ action: 'rename', key })}>
                    Rename
                  </Button>
                  <Button
                    size="small"
                    variant="danger"
                    aria-label={`Remove ${key.name}`}
                    onClick={() => setDialog({ action: 'remove', key })}
                  >
                    Remove
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {keysOnlyIn.length > 0 && (
        <p className="muted small">
          {keysOnlyIn.map((o) => o.name).join(', ')} {keysOnlyIn.length === 1 ? 'accepts' : 'accept'} only security keys and passkeys: keep
          at least one, and add a second in case you lose it.
        </p>
      )}
      <RenameKeyDialog
        securityKey={dialog?.action === 'rename' ? dialog.key : null}
        onClose={() => setDialog(null)}
        onRenamed={(key) => {
          setDialog(null);
          setNotice(`Renamed to “${key.name}”.`);
        }}
      />
      <RemoveKeyDialog
        securityKey={dialog?.action === 'remove' ? dialog.key : null}
        hasApp={hasApp}
        keysOnlyIn={keysOnlyIn.map((o) => o.name)}
        onClose={() => setDialog(null)}
        onRemoved={(key) => {
          setDialog(null);
          setNotice(`${keyKindLabel(key.kind)} “${key.name}” is removed; it no longer signs you in.`);
          void refresh();
        }}
      />
    </Section>
  );
}

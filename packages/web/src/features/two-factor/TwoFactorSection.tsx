import { useApolloClient } from '@apollo/client/react';
import { LifeBuoy, ShieldCheck, ShieldOff, Smartphone } from 'lucide-react';
import { useState } from 'react';
import { AllowedMethods, TOTP, TwoFactorMethodKind } from '@twostep/shared';
import { useViewer } from '../../app/viewer-context';
import { AccountSecurityDocument, ShellViewerDocument, type AccountSecurityQuery } from '../../gql/graphql';
import { formatDate } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';
import { RegenerateCodesDialog } from './RegenerateCodesDialog';
import { RemoveTotpDialog } from './RemoveTotpDialog';
import { TotpSetupWizard } from './TotpSetupWizard';

type Security = AccountSecurityQuery['viewer'];

const count = (n: number, what: string): string => (n === 1 ? `a ${what}` : `${n} ${what}s`);

/** What the account has, in a few words: "Authenticator app, a security key and 2 passkeys". */
function methodsSummary(hasApp: boolean, keys: Security['securityKeys']): string {
  const passkeys = keys.filter((key) => key.kind === TwoFactorMethodKind.PASSKEY).length;
  const parts = [
    hasApp ? 'an authenticator app' : null,
    keys.length > passkeys ? count(keys.length - passkeys, 'security key') : null,
    passkeys > 0 ? count(passkeys, 'passkey') : null,
  ].filter((part): part is string => part !== null);
  const text = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}` : (parts[0] ?? '');
  return `With ${text}`;
}

/**
 * The account's two-step verification: whether it is on and who requires it, the authenticator
 * app (set up, replace, remove) and the recovery codes. The keys have their own section.
 */
export function TwoFactorSection({ security }: { security: Security }) {
  const viewer = useViewer();
  const client = useApolloClient();
  const [wizard, setWizard] = useState(false);
  const [dialog, setDialog] = useState<'regenerate' | 'remove' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const totp = security.twoFactorMethods.find((method) => method.kind === TwoFactorMethodKind.TOTP);
  const keys = security.securityKeys.length;
  const enabled = !!totp || keys > 0;
  const requiredBy = viewer.memberships.filter((m) => m.organization.twoFactorRequired).map((m) => m.organization.name);
  const keysOnlyIn = security.access.requiringOrganizations.filter((o) => o.allowedMethods === AllowedMethods.PHISHING_RESISTANT);

  const refresh = async (): Promise<void> => {
    await client.refetchQueries({ include: [AccountSecurityDocument, ShellViewerDocument] }).catch(() => undefined);
  };

  if (wizard) {
    return (
      <Section title={totp ? 'Replace your authenticator app' : 'Add an authenticator app'}>
        <TotpSetupWizard
          email={viewer.email}
          replacing={!!totp}
          proofNeeded={enabled}
          hasApp={!!totp}
          finishLabel="I saved them, done"
          onCancel={() => setWizard(false)}
          onFinished={() => {
            setWizard(false);
            setNotice(
              totp
                ? 'Your new authenticator app is set up; the old one no longer works.'
                : 'Your authenticator app is set up. Your sign-in can now ask for a code from it.',
            );
            void refresh();
          }}
        />
      </Section>
    );
  }

  const lowCodes = security.recoveryCodesLeft <= 3;
  return (
    <Section
      title="Two-step verification"
      description="A second step at sign-in, after your password: a security key, a passkey, or a code from an app on your phone."
    >
      {notice && <Notice tone="success">{notice}</Notice>}
      <div className="status-line">
        {enabled ? (
          <ShieldCheck className="status-line__icon is-good" size={28} aria-hidden="true" />
        ) : (
          <ShieldOff className="status-line__icon is-bad" size={28} aria-hidden="true" />
        )}
        <div>
          <p className="status-line__title">
            {enabled ? <Badge tone="success">On</Badge> : <Badge tone="danger">Off</Badge>}{' '}
            {enabled ? methodsSummary(!!totp, security.securityKeys) : 'Anyone with your password can sign in as you.'}
          </p>
          {requiredBy.length > 0 && <p className="muted small">Required by {requiredBy.join(', ')}.</p>}
          {keysOnlyIn.length > 0 && (
            <p className="muted small">
              {keysOnlyIn.map((o) => o.name).join(', ')} {keysOnlyIn.length === 1 ? 'accepts' : 'accept'} only security keys and passkeys:
              an authenticator app does not count there.
            </p>
          )}
        </div>
      </div>

      <div className="method-row">
        <Smartphone className="status-line__icon is-neutral" size={28} aria-hidden="true" />
        <div className="method-row__main">
          <p className="status-line__title">{totp ? `Authenticator app, added ${formatDate(totp.confirmedAt)}` : 'No authenticator app'}</p>
          <p className="muted small">
            {totp
              ? `A ${TOTP.digits}-digit code from the app on your phone.`
              : `Add one to sign in with a ${TOTP.digits}-digit code from your phone.`}
          </p>
        </div>
        <div className="button-row">
          {totp ? (
            <>
              <Button onClick={() => setWizard(true)}>Replace the app</Button>
              <Button variant="danger" onClick={() => setDialog('remove')}>
                Remove
              </Button>
            </>
          ) : (
            <Button variant={enabled ? 'secondary' : 'primary'} onClick={() => setWizard(true)}>
              Add an authenticator app
            </Button>
          )}
        </div>
      </div>
      {totp && keys === 0 && requiredBy.length > 0 && (
        <p className="muted small">
          {requiredBy.join(', ')} {requiredBy.length === 1 ? 'requires' : 'require'} two-step verification, so the app cannot be removed
          while it is your only method; you can replace it, or add a security key first.
        </p>
      )}

      {enabled && (
        <div className="method-row">
          <LifeBuoy className={`status-line__icon ${lowCodes ? 'is-warning' : 'is-neutral'}`} size={28} aria-hidden="true" />
          <div className="method-row__main">
            <p className="status-line__title">
              Recovery codes: {security.recoveryCodesLeft} of {TOTP.recoveryCodeCount} left
            </p>
            <p className="muted small">
              {lowCodes
                ? 'You are running out. Make new ones before you need them.'
                : 'Each one lets you sign in once without your phone or key.'}
            </p>
          </div>
          <div className="button-row">
            <Button onClick={() => setDialog('regenerate')}>New recovery codes</Button>
          </div>
        </div>
      )}
      <RegenerateCodesDialog
        open={dialog === 'regenerate'}
        hasApp={!!totp}
        onClose={() => {
          setDialog(null);
          void refresh();
        }}
        email={viewer.email}
      />
      <RemoveTotpDialog
        open={dialog === 'remove'}
        lastMethod={keys === 0}
        onClose={() => setDialog(null)}
        onRemoved={() => {
          setDialog(null);
          setNotice(
            keys === 0
              ? 'Two-step verification is off. Your sign-in asks only for your password now.'
              : 'The authenticator app is removed. Your security keys and passkeys still sign you in.',
          );
          void refresh();
        }}
      />
    </Section>
  );
}

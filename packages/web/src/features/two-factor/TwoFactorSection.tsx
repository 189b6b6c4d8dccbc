import { useApolloClient } from '@apollo/client/react';
import { KeyRound, ShieldCheck, ShieldOff } from 'lucide-react';
import { useState } from 'react';
import { TOTP } from '@twostep/shared';
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

/** The account's two-step verification: status, set up or replace, recovery codes, removal. */
export function TwoFactorSection({ security }: { security: Security }) {
  const viewer = useViewer();
  const client = useApolloClient();
  const [wizard, setWizard] = useState(false);
  const [dialog, setDialog] = useState<'regenerate' | 'remove' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const totp = security.twoFactorMethods.find((method) => method.kind === 'TOTP');
  const requiredBy = viewer.memberships.filter((m) => m.organization.twoFactorRequired).map((m) => m.organization.name);

  const refresh = async (): Promise<void> => {
    await client.refetchQueries({ include: [AccountSecurityDocument, ShellViewerDocument] }).catch(() => undefined);
  };

  if (wizard) {
    return (
      <Section title={totp ? 'Replace your authenticator app' : 'Set up two-step verification'}>
        <TotpSetupWizard
          email={viewer.email}
          replacing={!!totp}
          finishLabel="I saved them, done"
          onCancel={() => setWizard(false)}
          onFinished={() => {
            setWizard(false);
            setNotice(
              totp
                ? 'Your new authenticator app is set up; the old one no longer works.'
                : 'Two-step verification is on. Your sign-in now asks for a code from your app.',
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
      description="A code from an app on your phone, asked at sign-in after your password."
      actions={
        !totp && (
          <Button variant="primary" onClick={() => setWizard(true)}>
            Set up
          </Button>
        )
      }
    >
      {notice && <Notice tone="success">{notice}</Notice>}
      <div className="status-line">
        {totp ? (
          <ShieldCheck className="status-line__icon is-good" size={28} aria-hidden="true" />
        ) : (
          <ShieldOff className="status-line__icon is-bad" size={28} aria-hidden="true" />
        )}
        <div>
          <p className="status-line__title">
            {totp ? <Badge tone="success">On</Badge> : <Badge tone="danger">Off</Badge>}{' '}
            {totp ? `Authenticator app, added ${formatDate(totp.confirmedAt)}` : 'Anyone with your password can sign in as you.'}
          </p>
          {requiredBy.length > 0 && <p className="muted small">Required by {requiredBy.join(', ')}.</p>}
        </div>
      </div>
      {totp && (
        <>
          <div className="status-line">
            <KeyRound className={`status-line__icon ${lowCodes ? 'is-warning' : 'is-neutral'}`} size={28} aria-hidden="true" />
            <div>
              <p className="status-line__title">
                Recovery codes: {security.recoveryCodesLeft} of {TOTP.recoveryCodeCount} left
              </p>
              <p className="muted small">
                {lowCodes
                  ? 'You are running out. Make new ones before you need them.'
                  : 'Each one lets you sign in once without your phone.'}
              </p>
            </div>
          </div>
          <div className="button-row">
            <Button onClick={() => setDialog('regenerate')}>New recovery codes</Button>
            <Button onClick={() => setWizard(true)}>Replace the app</Button>
            <Button variant="danger" onClick={() => setDialog('remove')}>
              Remove
            </Button>
          </div>
          {requiredBy.length > 0 && (
            <p className="muted small">
              {requiredBy.join(', ')} {requiredBy.length === 1 ? 'requires' : 'require'} two-step verification, so it cannot be removed; you
              can replace the app.
            </p>
          )}
        </>
      )}
      <RegenerateCodesDialog
        open={dialog === 'regenerate'}
        onClose={() => {
          setDialog(null);
          void refresh();
        }}
        email={viewer.email}
      />
      <RemoveTotpDialog
        open={dialog === 'remove'}
        onClose={() => setDialog(null)}
        onRemoved={() => {
          setDialog(null);
          setNotice('Two-step verification is off. Your sign-in asks only for your password now.');
          void refresh();
        }}
      />
    </Section>
  );
}

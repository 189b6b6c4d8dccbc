import type { ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Notice } from '../../ui/Notice';

/** A signing secret in a dialog, the only time it is shown: copy it, then say it is stored. */
export function SecretShownOnce({ secret, children, onDone }: { secret: string; children?: ReactNode; onDone: () => void }) {
  return (
    <div className="stack">
      <Notice tone="warning" live={false}>
        This is the only time the signing secret is shown. Store it where the receiver keeps its secrets; if it is lost, rotate it to get a
        new one.
      </Notice>
      <p className="token-secret" aria-label="The signing secret">
        <code>{secret}</code>
      </p>
      {children}
      <p className="muted small">
        The receiver checks each delivery’s <code>webhook-signature</code> header with it, the Standard Webhooks way: their libraries do it
        in one call.
      </p>
      <div className="form-row form-row--between">
        <CopyButton text={secret} label="Copy the secret" />
        <Button variant="primary" onClick={onDone}>
          I stored it, close
        </Button>
      </div>
    </div>
  );
}

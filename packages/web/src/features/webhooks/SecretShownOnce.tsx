import type { ReactNode } from 'react';
import { ShownOncePanel } from '../../ui/ShownOncePanel';

/** A signing secret in a dialog, the only time it is shown: copy it, then say it is stored. */
export function SecretShownOnce({ secret, children, onDone }: { secret: string; children?: ReactNode; onDone: () => void }) {
  return (
    <ShownOncePanel
      secret={secret}
      secretLabel="The signing secret"
      copyLabel="Copy the secret"
      warning="This is the only time the signing secret is shown. Store it where the receiver keeps its secrets; if it is lost, rotate it to get a new one."
      onDone={onDone}
    >
      {children}
      <p className="muted small">
        The receiver checks each delivery’s <code>webhook-signature</code> header with it, the Standard Webhooks way: their libraries do it
        in one call.
      </p>
    </ShownOncePanel>
  );
}

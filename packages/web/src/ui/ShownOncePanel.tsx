import type { ReactNode } from 'react';
import { Button } from './Button';
import { CopyButton } from './CopyButton';
import { Notice } from './Notice';

export interface ShownOncePanelProps {
  /** The secret, shown here and never again. */
  secret: string;
  /** Says this is the only time, and what to do if it is lost. */
  warning: ReactNode;
  /** The accessible name of the secret's text, like “The new token”. */
  secretLabel: string;
  /** The copy button's words, like “Copy the token”. */
  copyLabel: string;
  /** More to say below the secret, before the buttons. */
  children?: ReactNode;
  onDone: () => void;
}

/** A secret in a dialog, the only time it is shown: copy it, then say it is stored. */
export function ShownOncePanel({ secret, warning, secretLabel, copyLabel, children, onDone }: ShownOncePanelProps) {
  return (
    <div className="stack">
      <Notice tone="warning" live={false}>
        {warning}
      </Notice>
      <p className="token-secret" aria-label={secretLabel}>
        <code>{secret}</code>
      </p>
      {children}
      <div className="form-row form-row--between shown-once__actions">
        <CopyButton text={secret} label={copyLabel} />
        <Button variant="primary" onClick={onDone}>
          I stored it, close
        </Button>
      </div>
    </div>
  );
}

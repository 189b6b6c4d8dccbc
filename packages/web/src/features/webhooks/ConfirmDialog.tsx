import type { ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';

/** A question before an action that cannot be taken back (deleting, switching off): keep, or go on. */
export function ConfirmDialog({
  title,
  description,
  keepLabel,
  confirmLabel,
  danger = false,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  description: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog open onOpenChange={(next) => !next && onClose()} busy={busy} title={title} description={description}>
      <div className="stack">
        {error && <Notice tone="error">{error}</Notice>}
        <div className="form-row form-row--end">
          <Button onClick={onClose} disabled={busy}>
            {keepLabel}
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

import * as RadixDialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Keep it open on Escape and outside clicks while something runs. */
  busy?: boolean;
  /** False: only the dialog's own buttons close it (no Escape, outside click or ✕). */
  dismissible?: boolean;
  /** Room for a list (a preview of names) beside the words. */
  wide?: boolean;
}

/** A modal window (Radix: focus trapped, Escape closes, focus returns to the opener). */
export function Dialog({ open, onOpenChange, title, description, children, busy = false, dismissible = true, wide = false }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => !busy && (next || dismissible) && onOpenChange(next)}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className={wide ? 'dialog dialog--wide' : 'dialog'}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <div className="dialog__header">
            <RadixDialog.Title className="dialog__title">{title}</RadixDialog.Title>
            {dismissible && (
              <RadixDialog.Close className="icon-button" aria-label="Close" disabled={busy}>
                <X size={18} aria-hidden="true" />
              </RadixDialog.Close>
            )}
          </div>
          {description && <RadixDialog.Description className="dialog__description">{description}</RadixDialog.Description>}
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

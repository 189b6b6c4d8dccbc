import * as RadixDialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';

export interface DrawerProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

/** A panel from the right edge over the page (Radix: focus trapped, Escape closes, focus returns). */
export function Drawer({ open, onOpenChange, title, description, children }: DrawerProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content className="drawer" {...(description ? {} : { 'aria-describedby': undefined })}>
          <div className="drawer__header">
            <div className="drawer__heading">
              <RadixDialog.Title className="drawer__title">{title}</RadixDialog.Title>
              {description && <RadixDialog.Description className="drawer__description">{description}</RadixDialog.Description>}
            </div>
            <RadixDialog.Close className="icon-button" aria-label="Close">
              <X size={18} aria-hidden="true" />
            </RadixDialog.Close>
          </div>
          <div className="drawer__body">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

import type { ReactNode } from 'react';

/** A table that scrolls sideways on a narrow screen: a named region the keyboard can reach and scroll. */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={`${label}, table`} tabIndex={0}>
      {children}
    </div>
  );
}

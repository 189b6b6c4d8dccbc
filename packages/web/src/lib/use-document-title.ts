import { useEffect } from 'react';

/** Sets the tab's title: "Page · Twostep". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Twostep` : 'Twostep';
  }, [title]);
}

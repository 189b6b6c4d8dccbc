import { ArrowUp } from 'lucide-react';
import { Button } from '../../ui/Button';
import { newEventsLabel } from './audit-live';

/** "Live" while new entries arrive on their own; nothing when they cannot (the log still works). */
export function AuditLiveMark({ live }: { live: boolean }) {
  if (!live) return null;
  return (
    <span className="audit-live" title="New events appear here as they happen, without reloading">
      <span className="audit-live__dot" aria-hidden="true" />
      Live
      <span className="visually-hidden">: new events appear as they happen</span>
    </span>
  );
}

/**
 * Read out politely, once per burst ("3 new events"): always in the page, since a region added
 * with its text is not announced.
 */
export function AuditAnnouncer({ announcement }: { announcement: string }) {
  return (
    <p className="visually-hidden" role="status" aria-atomic="true">
      {announcement}
    </p>
  );
}

/**
 * Shown instead of new rows while older pages are loaded: it floats at the bottom of the screen,
 * below the list in the page's flow, so the rows being read do not move.
 */
export function AuditNewEventsNotice({ count, onShow }: { count: number; onShow: () => void }) {
  if (count === 0) return null;
  return (
    <div className="audit-waiting">
      <Button variant="primary" size="small" icon={<ArrowUp size={16} aria-hidden="true" />} onClick={onShow}>
        {newEventsLabel(count)} — show
      </Button>
    </div>
  );
}

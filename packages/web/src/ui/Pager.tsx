import { ChevronLeft, ChevronRight } from 'lucide-react';
import { Button } from './Button';
import { Spinner } from './Spinner';

export interface PagerProps {
  /** What the pages are of, for screen readers ("Pages of members"). */
  label: string;
  /** "1–25 of 120 matching", announced as it changes. */
  status: string;
  loading: boolean;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  /** Shows Previous and Next only when there is another page (default: always). */
  onlyWhenPaged?: boolean;
}

/** Previous and Next through cursor pages, with where one stands. */
export function Pager({ label, status, loading, hasPrevious, hasNext, onPrevious, onNext, onlyWhenPaged = false }: PagerProps) {
  return (
    <nav className="pager" aria-label={label}>
      <p className="pager__status" aria-live="polite">
        {loading && <Spinner />}
        {status}
      </p>
      {(!onlyWhenPaged || hasPrevious || hasNext) && (
        <div className="button-row">
          <Button size="small" icon={<ChevronLeft size={16} aria-hidden="true" />} disabled={!hasPrevious} onClick={onPrevious}>
            Previous
          </Button>
          <Button size="small" disabled={!hasNext || loading} onClick={onNext}>
            Next
            <ChevronRight size={16} aria-hidden="true" />
          </Button>
        </div>
      )}
    </nav>
  );
}

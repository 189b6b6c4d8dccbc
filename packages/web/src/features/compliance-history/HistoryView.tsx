import { Table2 } from 'lucide-react';
import { lazy, Suspense, useId, useState } from 'react';
import type { HistoryMarkerFragment, HistoryPointFragment, HistoryResolution } from '../../gql/graphql';
import { Button } from '../../ui/Button';
import { HistoryTable } from './HistoryTable';
import { summarize } from './history-range';

// The chart library is large: loaded with the first chart, not with the console.
const ComplianceHistoryChart = lazy(() =>
  import('./ComplianceHistoryChart').then((module) => ({ default: module.ComplianceHistoryChart })),
);

/**
 * A compliance history as words, picture and table: the summary is read first, the chart is
 * drawn for the eyes, and "Show as table" lists the same points (and the policy changes) for
 * anyone who prefers numbers or cannot see the chart.
 */
export function HistoryView({
  points,
  markers,
  from,
  end,
  resolution,
  caption,
}: {
  points: readonly HistoryPointFragment[];
  markers: readonly HistoryMarkerFragment[];
  from: number;
  end: number;
  resolution: HistoryResolution;
  caption: string;
}) {
  const [tableShown, setTableShown] = useState(false);
  const tableId = useId();
  return (
    <figure className="history-view">
      <figcaption className="history-view__summary" data-testid="history-summary">
        {summarize(points, resolution)}
      </figcaption>
      {points.length > 0 && (
        <Suspense fallback={<div className="history-chart history-chart--loading" aria-hidden="true" />}>
          <ComplianceHistoryChart points={points} markers={markers} from={from} end={end} />
        </Suspense>
      )}
      {points.length > 0 && (
        <div className="history-view__table no-print">
          <Button
            size="small"
            variant="ghost"
            icon={<Table2 size={16} aria-hidden="true" />}
            aria-expanded={tableShown}
            aria-controls={tableId}
            onClick={() => setTableShown((shown) => !shown)}
          >
            {tableShown ? 'Hide the table' : 'Show as table'}
          </Button>
          <div id={tableId} hidden={!tableShown}>
            {tableShown && <HistoryTable points={points} markers={markers} resolution={resolution} caption={caption} />}
          </div>
        </div>
      )}
    </figure>
  );
}

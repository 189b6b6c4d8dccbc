import type { HistoryMarkerFragment, HistoryPointFragment, HistoryResolution } from '../../gql/graphql';
import { formatAt } from './history-range';
import { markerText } from './marker-labels';
import { ScrollTable } from './ScrollTable';

/** The chart's points as a table, oldest first (each row's counts hold until the next), and its policy changes. */
export function HistoryTable({
  points,
  markers,
  resolution,
  caption,
}: {
  points: readonly HistoryPointFragment[];
  markers: readonly HistoryMarkerFragment[];
  resolution: HistoryResolution;
  caption: string;
}) {
  return (
    <div className="stack-sm">
      <ScrollTable label={caption}>
        <table className="table history-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Compliance</th>
              <th scope="col">Compliant</th>
              <th scope="col">Exempt</th>
              <th scope="col">In window</th>
              <th scope="col">Not compliant</th>
              <th scope="col">Blocked</th>
              <th scope="col">Members</th>
              <th scope="col">Required</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.at}>
                <th scope="row">{formatAt(point.at, resolution)}</th>
                <td>{point.compliancePercent}%</td>
                <td>{point.compliant}</td>
                <td>{point.exempt}</td>
                <td>{point.inWindow}</td>
                <td>{point.nonCompliant}</td>
                <td>{point.blocked}</td>
                <td>{point.members}</td>
                <td>{point.required ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {markers.length > 0 && (
        <ul className="history-markers small" aria-label="Policy changes in this range">
          {markers.map((marker) => (
            <li key={marker.id}>{markerText(marker)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

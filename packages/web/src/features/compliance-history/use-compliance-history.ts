import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import {
  ComplianceHistoryChangedDocument,
  ComplianceHistoryDocument,
  type HistoryMarkerFragment,
  type HistoryPointFragment,
} from '../../gql/graphql';
import { mergePoint, type HistoryWindow } from './history-range';

export interface LiveHistory {
  points: HistoryPointFragment[] | undefined;
  markers: HistoryMarkerFragment[];
  /** Where the chart ends: the range's end, or later once live points came after it. */
  end: number;
  loading: boolean;
  error: unknown;
  /** Asks for the same range again (a policy change's marker). */
  refetch: () => Promise<unknown>;
}

/**
 * The organization's compliance history over `span`, kept live: each `complianceHistoryChanged`
 * event adds its point (or replaces the point of its step), without asking again.
 */
export function useComplianceHistory(organizationId: string, span: HistoryWindow): LiveHistory {
  const { data, previousData, error, loading, refetch } = useQuery(ComplianceHistoryDocument, {
    variables: { id: organizationId, ...span },
    fetchPolicy: 'cache-and-network',
  });
  // The previous range stays drawn (marked busy) while the next one loads.
  const history = (data ?? previousData)?.organization.complianceHistory;
  // The live points, on top of the answer they followed (a new answer starts over).
  const [live, setLive] = useState<{ base: typeof history; points: HistoryPointFragment[] }>();
  const points = live && live.base === history ? live.points : history?.points;

  useSubscription(ComplianceHistoryChangedDocument, {
    variables: { organizationId },
    onData: ({ data: event }) => {
      const point = event.data?.complianceHistoryChanged;
      if (!point || !history) return;
      setLive((current) => ({
        base: history,
        points: mergePoint(current && current.base === history ? current.points : history.points, point, span),
      }));
    },
  });

  const lastAt = points?.at(-1)?.at;
  const end = Math.max(Date.parse(history?.to ?? span.to), lastAt ? Date.parse(lastAt) : 0);
  return { points, markers: history?.markers ?? [], end, loading, error, refetch };
}

import type { HistoryMarkerFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';

/** A policy change's short label on the chart ("2FA required", "Scheduled"). */
export function markerLabel(marker: HistoryMarkerFragment): string {
  switch (marker.action) {
    case 'REQUIREMENT_ENABLED':
      return marker.data.scheduled === true ? '2FA required (as scheduled)' : '2FA required';
    case 'REQUIREMENT_DISABLED':
      return '2FA no longer required';
    case 'REQUIREMENT_SCHEDULED':
      return marker.data.previous ? 'Schedule moved' : 'Scheduled';
    case 'REQUIREMENT_SCHEDULE_CANCELLED':
      return 'Schedule cancelled';
    case 'METHOD_POLICY_CHANGED':
      return marker.data.allowedMethods === 'PHISHING_RESISTANT' ? 'Keys only' : 'Any method';
    default:
      return 'Policy changed';
  }
}

/** The label with who and when, for the table and the text alternative ("2FA required by Ada, 3 Dec 2026, 09:00"). */
export const markerText = (marker: HistoryMarkerFragment): string =>
  `${markerLabel(marker)}${marker.actor ? ` by ${marker.actor.name}` : ''}, ${formatDateTime(marker.at)}`;

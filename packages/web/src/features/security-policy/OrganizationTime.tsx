import { formatDateTime, formatDateTimeIn } from '../../lib/format';

/**
 * A moment in the viewer's time zone, as the console writes every time, with the organization's
 * own (the zone of its e-mails) on hover.
 */
export function OrganizationTime({ iso, timeZone }: { iso: string; timeZone: string }) {
  return (
    <time dateTime={iso} className="org-time" title={`In the organization’s time zone (${timeZone}): ${formatDateTimeIn(iso, timeZone)}`}>
      {formatDateTime(iso)}
    </time>
  );
}

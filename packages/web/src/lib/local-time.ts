/**
 * Moments as people pick them in the console: in the viewer's own time zone, through native
 * `datetime-local` and `date` inputs (which hold a wall-clock time without a zone).
 */

/** The viewer's time zone as the browser names it ("Europe/Zurich"). */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const pad = (value: number): string => String(value).padStart(2, '0');

/** "2026-12-18", the viewer's calendar day of a moment (a `date` input's value). */
export const toDateInput = (date: Date): string => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** "2026-12-18T09:00", a moment in the viewer's time zone (a `datetime-local` input's value). */
export const toDateTimeInput = (date: Date): string => `${toDateInput(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;

/** A `datetime-local` value read in the viewer's time zone; undefined when it is no moment. */
export function fromDateTimeInput(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  // Without an offset, a date-time string is read as local time (a date alone would be UTC).
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The last moment of a `date` value's day in the viewer's time zone; undefined when it is no day. */
export function endOfDateInput(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T23:59:59.999`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A year after `from` by the calendar (UTC), as the server counts it: the furthest a plan's date
 * or an exemption may reach. The server decides; this keeps the pickers from offering more.
 */
export function aYearAfter(from: Date): Date {
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return end;
}

/**
 * Every IANA time zone the browser knows, with UTC first (some browsers leave it out of the list),
 * and `current` kept even if this browser does not know it.
 */
export function timeZoneNames(current?: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const names = new Set(['UTC', ...known]);
  if (current) names.add(current);
  return [...names];
}

/** "GMT+01:00" for a zone at a moment ("GMT" for UTC itself); empty when the browser cannot say. */
export function zoneOffset(timeZone: string, at: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at);
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

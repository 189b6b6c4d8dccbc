/** Dates, times and codes as people read them, in the browser's language. */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export const formatDate = (iso: string): string => dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 minutes ago", "in 2 hours", "now". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 45 ? 'just now' : relativeFormat.format(Math.sign(seconds), 'minute');
}

/** "at 14:35 (in 3 minutes)"; the date is added when it is not today. */
export function formatRetryAt(iso: string, now: number = Date.now()): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date(now).toDateString();
  const when = sameDay ? timeFormat.format(at) : dateTimeFormat.format(at);
  const seconds = Math.ceil((at.getTime() - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} seconds`;
  return `at ${when} (${formatRelative(iso, now)})`;
}

/** "JBSW Y3DP EHPK …": a key split in groups of four, easier to type by hand. */
export const groupKey = (secret: string): string[] => secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? [];

/** "Firefox on Linux" from a user-agent string; the full string stays available as a title. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : undefined;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Mac OS X|Macintosh/.test(userAgent)
        ? 'macOS'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : undefined;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 40);
}

const count = (value: number, unit: string): string => `${value} ${unit}${value === 1 ? '' : 's'}`;

/**
 * How long until a deadline, for countdowns: "in 14 days", "in 1 day, 5 hours", "in 3 hours,
 * 20 minutes", "in 12 minutes"; "now" once it has come. Days are rounded from two days on.
 */
export function formatCountdown(iso: string, now: number = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return 'now';
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `in ${count(minutes, 'minute')}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `in ${count(hours, 'hour')}${minutes % 60 ? `, ${count(minutes % 60, 'minute')}` : ''}`;
  if (hours < 48) return `in 1 day${hours % 24 ? `, ${count(hours % 24, 'hour')}` : ''}`;
  return `in ${count(Math.round(ms / (24 * 3_600_000)), 'day')}`;
}

/**
 * A moment as it reads in another time zone ("18 Dec 2026, 08:00"), for the organization's
 * zone beside the viewer's own; the viewer's format when the zone is unknown to the browser.
 */
export function formatDateTimeIn(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return formatDateTime(iso);
  }
}

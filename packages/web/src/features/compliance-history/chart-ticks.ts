const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Tick spacings to choose from: hours for short ranges, days for long ones. */
const steps = [
  HOUR_MS,
  2 * HOUR_MS,
  4 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
  2 * DAY_MS,
  5 * DAY_MS,
  7 * DAY_MS,
  15 * DAY_MS,
  30 * DAY_MS,
];

/**
 * Round moments for the time axis, in the viewer's time zone: whole hours, or midnights when the
 * spacing is a day or more; at most about eight of them.
 */
export function axisTicks(from: number, to: number, most = 8): number[] {
  // Beyond two days the labels are days: no tick between two midnights.
  const usable = to - from > 2 * DAY_MS ? steps.filter((candidate) => candidate >= DAY_MS) : steps;
  const step = usable.find((candidate) => (to - from) / candidate <= most) ?? usable.at(-1)!;
  const start = new Date(from);
  if (step >= DAY_MS) start.setHours(0, 0, 0, 0);
  else start.setMinutes(0, 0, 0);
  const ticks: number[] = [];
  for (let at = new Date(start); at.getTime() <= to;) {
    if (at.getTime() >= from) ticks.push(at.getTime());
    // Calendar steps (not fixed milliseconds), so a change of daylight-saving time keeps midnights.
    if (step >= DAY_MS) at.setDate(at.getDate() + step / DAY_MS);
    else at.setHours(at.getHours() + step / HOUR_MS);
    // Hours stay on multiples of the step within the day (00, 04, 08…).
    if (step < DAY_MS && step > HOUR_MS) at.setHours(Math.floor(at.getHours() / (step / HOUR_MS)) * (step / HOUR_MS));
  }
  return ticks;
}

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const dayTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** A tick's label: the time over a day or two, the day beyond; `span` 0 for a tooltip's full moment. */
export function formatTick(t: number, span: number): string {
  if (span === 0) return dayTime.format(t);
  if (span <= 2 * DAY_MS) {
    const at = new Date(t);
    return at.getHours() === 0 && at.getMinutes() === 0 ? day.format(t) : time.format(t);
  }
  return day.format(t);
}

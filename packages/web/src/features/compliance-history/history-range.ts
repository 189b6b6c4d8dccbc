import type { HistoryPointFragment, HistoryResolution } from '../../gql/graphql';
import { formatDate, formatDateTime } from '../../lib/format';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The ranges the Overview offers, each with the finest resolution that stays within the API's 2,000 steps. */
export const historyRanges = {
  day: { label: 'Last 24 hours', ms: DAY_MS, resolution: 'MINUTE' },
  week: { label: 'Last 7 days', ms: 7 * DAY_MS, resolution: 'HOUR' },
  month: { label: 'Last 30 days', ms: 30 * DAY_MS, resolution: 'HOUR' },
  quarter: { label: 'Last 90 days', ms: 90 * DAY_MS, resolution: 'DAY' },
} as const satisfies Record<string, { label: string; ms: number; resolution: HistoryResolution }>;

export type HistoryRangeKey = keyof typeof historyRanges;

export interface HistoryWindow {
  from: string;
  to: string;
  resolution: HistoryResolution;
}

/** The range `key` ending at `now` (to the next minute, so the current minute's point is in it). */
export function windowOf(key: HistoryRangeKey, now: number): HistoryWindow {
  const to = Math.ceil((now + 1) / 60_000) * 60_000;
  const range = historyRanges[key];
  return { from: new Date(to - range.ms).toISOString(), to: new Date(to).toISOString(), resolution: range.resolution };
}

/** The finest resolution that keeps [from, to) within 2,000 steps (as the evidence report picks it). */
export function resolutionFor(from: string, to: string): HistoryResolution {
  const ms = Date.parse(to) - Date.parse(from);
  if (ms <= 2_000 * 60_000) return 'MINUTE';
  if (ms <= 2_000 * HOUR_MS) return 'HOUR';
  return 'DAY';
}

const stepMs: Record<HistoryResolution, number> = { MINUTE: 60_000, HOUR: HOUR_MS, DAY: DAY_MS };
const stepOf = (iso: string, resolution: HistoryResolution): number => Math.floor(Date.parse(iso) / stepMs[resolution]);

/**
 * A point from the live event, merged as the API would answer the range: the last point of each
 * step (UTC minute, hour or day) stands for it, so a point in the step of the latest one replaces
 * it, a later one is added. The point carried in at `from` is never replaced: it says what held
 * before the range.
 */
export function mergePoint(
  points: readonly HistoryPointFragment[],
  point: HistoryPointFragment,
  range: { from: string; resolution: HistoryResolution },
): HistoryPointFragment[] {
  if (Date.parse(point.at) < Date.parse(range.from)) return [...points];
  const last = points.at(-1);
  if (!last) return [point];
  if (Date.parse(point.at) < Date.parse(last.at)) return [...points];
  const carried = Date.parse(last.at) === Date.parse(range.from);
  if (!carried && stepOf(point.at, range.resolution) === stepOf(last.at, range.resolution)) return [...points.slice(0, -1), point];
  return [...points, point];
}

/** How a moment reads at a resolution: a day alone for daily points, the time too otherwise. */
export const formatAt = (iso: string, resolution: HistoryResolution): string =>
  resolution === 'DAY' ? formatDate(iso) : formatDateTime(iso);

/** "62% on 1 Dec 2026, 09:00 → 100% on 3 Dec 2026, 14:10", or the one value held over the range. */
export function summarize(points: readonly HistoryPointFragment[], resolution: HistoryResolution): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return 'No compliance was recorded in this range.';
  const lowest = points.reduce((low, point) => (point.compliancePercent < low.compliancePercent ? point : low), first);
  const mostBlocked = Math.max(...points.map((point) => point.blocked));
  const parts = [
    first === last
      ? `${first.compliancePercent}% since ${formatAt(first.at, resolution)}`
      : `${first.compliancePercent}% on ${formatAt(first.at, resolution)} → ${last.compliancePercent}% on ${formatAt(last.at, resolution)}`,
  ];
  if (lowest.compliancePercent < Math.min(first.compliancePercent, last.compliancePercent)) {
    parts.push(`lowest ${lowest.compliancePercent}% on ${formatAt(lowest.at, resolution)}`);
  }
  if (mostBlocked > 0) parts.push(`at most ${mostBlocked} ${mostBlocked === 1 ? 'member' : 'members'} blocked`);
  return `${parts.join('; ')}.`;
}

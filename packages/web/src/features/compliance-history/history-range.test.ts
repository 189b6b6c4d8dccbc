import { describe, expect, it } from 'vitest';
import type { HistoryPointFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { axisTicks } from './chart-ticks';
import { parseEvidenceRange } from './evidence-range';
import { mergePoint, resolutionFor, summarize, windowOf } from './history-range';

const point = (at: string, compliancePercent: number, blocked = 0): HistoryPointFragment => ({
  __typename: 'CompliancePoint',
  at,
  members: 5,
  compliant: Math.round(compliancePercent / 20),
  exempt: 0,
  inWindow: 0,
  nonCompliant: 5 - Math.round(compliancePercent / 20),
  blocked,
  compliancePercent,
  required: blocked > 0,
  allowedMethods: 'ANY',
});

describe('the history ranges', () => {
  it('end at the next minute and stay within 2,000 steps', () => {
    const now = Date.parse('2026-12-04T10:15:30Z');
    expect(windowOf('day', now)).toEqual({ from: '2026-12-03T10:16:00.000Z', to: '2026-12-04T10:16:00.000Z', resolution: 'MINUTE' });
    expect(windowOf('quarter', now).resolution).toBe('DAY');
    expect(resolutionFor('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')).toBe('MINUTE');
    expect(resolutionFor('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toBe('HOUR');
    expect(resolutionFor('2026-01-01T00:00:00Z', '2026-12-01T00:00:00Z')).toBe('DAY');
  });
});

describe('a live point', () => {
  const window = { from: '2026-12-04T00:00:00.000Z', resolution: 'HOUR' as const };
  const carried = point('2026-12-04T00:00:00.000Z', 20);
  const nine = point('2026-12-04T09:05:00.000Z', 40);

  it('replaces the point of its step, and follows a later one', () => {
    const sameHour = point('2026-12-04T09:40:00.000Z', 60);
    expect(mergePoint([carried, nine], sameHour, window)).toEqual([carried, sameHour]);
    const later = point('2026-12-04T10:01:00.000Z', 80);
    expect(mergePoint([carried, nine], later, window)).toEqual([carried, nine, later]);
  });

  it('never replaces the state carried in at the start, and ignores what is older', () => {
    const early = point('2026-12-04T00:10:00.000Z', 40);
    expect(mergePoint([carried], early, window)).toEqual([carried, early]);
    expect(mergePoint([carried, nine], point('2026-12-04T08:00:00.000Z', 0), window)).toEqual([carried, nine]);
    expect(mergePoint([], early, window)).toEqual([early]);
  });
});

describe('the summary', () => {
  it('says where compliance started and ended, its low and the most blocked', () => {
    const points = [point('2026-12-01T09:00:00Z', 60), point('2026-12-02T09:00:00Z', 20, 4), point('2026-12-03T09:00:00Z', 100)];
    expect(summarize(points, 'HOUR')).toBe(
      `60% on ${formatDateTime(points[0]!.at)} → 100% on ${formatDateTime(points[2]!.at)}; lowest 20% on ${formatDateTime(points[1]!.at)}; at most 4 members blocked.`,
    );
    expect(summarize([point('2026-12-01T09:00:00Z', 100)], 'HOUR')).toBe(`100% since ${formatDateTime('2026-12-01T09:00:00Z')}.`);
    expect(summarize([], 'DAY')).toBe('No compliance was recorded in this range.');
  });
});

describe('the evidence range', () => {
  it('takes whole days (the last included) or exact moments, and refuses an empty range', () => {
    const days = parseEvidenceRange('2026-12-01', '2026-12-03');
    expect(days && Date.parse(days.to) - Date.parse(days.from)).toBe(3 * 24 * 3_600_000);
    expect(parseEvidenceRange('2026-12-01T00:00:00.000Z', '2026-12-02T12:00:00.000Z')).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T12:00:00.000Z',
    });
    expect(parseEvidenceRange('2026-12-03', '2026-12-01')).toBeNull();
    expect(parseEvidenceRange('soon', '2026-12-01')).toBeNull();
    expect(parseEvidenceRange(null, '2026-12-01')).toBeNull();
  });
});

describe('the time axis', () => {
  it('puts a few round ticks inside the range, days beyond two days', () => {
    const from = Date.parse('2026-12-01T10:37:00Z');
    const week = axisTicks(from, from + 7 * 24 * 3_600_000);
    expect(week.length).toBeGreaterThanOrEqual(4);
    expect(week.length).toBeLessThanOrEqual(8);
    for (const tick of week) expect(new Date(tick).getHours()).toBe(0);
    const day = axisTicks(from, from + 24 * 3_600_000);
    expect(day.every((tick) => tick >= from && new Date(tick).getMinutes() === 0)).toBe(true);
  });
});

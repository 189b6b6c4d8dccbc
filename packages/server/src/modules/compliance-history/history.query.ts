import type { EntityManager } from '@mikro-orm/postgresql';
import type { AllowedMethods } from '@twostep/shared';
import { sql } from '../../core/database/sql.js';
import { badInput } from '../../core/errors.js';
import { resolutionMs, type CompliancePoint, type ComplianceHistory, type HistoryResolution } from './history.types.js';

/** The most points one history answers: a year by the day, two days by the minute, three months by the hour. */
export const MAX_HISTORY_POINTS = 2_000;

export interface PointRow {
  at: Date;
  members: number;
  compliant: number;
  exempt: number;
  in_window: number;
  non_compliant: number;
  blocked: number;
  required: boolean;
  allowed_methods: AllowedMethods;
}

export const pointColumns = 'at, members, compliant, exempt, in_window, non_compliant, blocked, required, allowed_methods';

export function toPoint(row: PointRow, at: Date = new Date(row.at)): CompliancePoint {
  const counted = row.members - row.exempt;
  return {
    at,
    members: row.members,
    compliant: row.compliant,
    exempt: row.exempt,
    inWindow: row.in_window,
    nonCompliant: row.non_compliant,
    blocked: row.blocked,
    compliancePercent: counted <= 0 ? 100 : Math.floor((row.compliant * 100) / counted),
    required: row.required,
    allowedMethods: row.allowed_methods,
  };
}

/** Checks a range and resolution: `from` before `to`, and at most `MAX_HISTORY_POINTS` steps. */
export function checkRange(from: Date, to: Date, resolution: HistoryResolution): void {
  if (Number.isNaN(from.getTime())) throw badInput('from', 'from must be a date and time.');
  if (Number.isNaN(to.getTime())) throw badInput('to', 'to must be a date and time.');
  if (from >= to) throw badInput('to', 'The end of the range must come after its start.');
  if ((to.getTime() - from.getTime()) / resolutionMs[resolution] > MAX_HISTORY_POINTS)
    throw badInput('resolution', `At most ${MAX_HISTORY_POINTS} steps: choose a coarser resolution or a shorter range.`);
}

/**
 * The organization's history over [from, to): the point in force at `from` (the last recorded
 * before it, shown at `from`), then the last point of each step of the resolution (UTC minutes,
 * hours or days), oldest first. Two statements on the primary key.
 */
export async function queryComplianceHistory(
  em: EntityManager,
  organizationId: string,
  range: { from: Date; to: Date; resolution: HistoryResolution },
): Promise<ComplianceHistory> {
  const { from, to, resolution } = range;
  checkRange(from, to, resolution);
  const unit = resolution.toLowerCase();
  const [before] = await sql<PointRow>(
    em,
    `select ${pointColumns} from compliance_point where organization_id = ? and at <= ? order by at desc limit 1`,
    [organizationId, from],
  );
  const rows = await sql<PointRow>(
    em,
    `select distinct on (date_trunc('${unit}', at, 'UTC')) ${pointColumns}
     from compliance_point where organization_id = ? and at > ? and at < ?
     order by date_trunc('${unit}', at, 'UTC'), at desc`,
    [organizationId, from, to],
  );
  const points = [...(before ? [toPoint(before, from)] : []), ...rows.map((row) => toPoint(row))];
  return { organizationId, from, to, resolution, points };
}

/** The counts in force at a moment (the last point at or before it), or null before the first. */
export async function pointAt(em: EntityManager, organizationId: string, at: Date): Promise<CompliancePoint | null> {
  const [row] = await sql<PointRow>(
    em,
    `select ${pointColumns} from compliance_point where organization_id = ? and at <= ? order by at desc limit 1`,
    [organizationId, at],
  );
  return row ? toPoint(row) : null;
}

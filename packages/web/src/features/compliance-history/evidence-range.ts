const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A `date` input's value ("2026-12-04") for a moment, in the viewer's time zone. */
export function dayOf(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Local midnight of a day ("2026-12-04"), `plusDays` later. */
function midnight(day: string, plusDays = 0): Date {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays);
}

/**
 * The report's range from its address (`?from=…&to=…`): whole days in the viewer's time zone (the
 * `to` day included), or exact ISO moments; null when either is missing, not a date, or the range
 * is empty.
 */
export function parseEvidenceRange(from: string | null, to: string | null): { from: string; to: string } | null {
  if (!from || !to) return null;
  const start = DAY.test(from) ? midnight(from) : new Date(from);
  const end = DAY.test(to) ? midnight(to, 1) : new Date(to);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) return null;
  return { from: start.toISOString(), to: end.toISOString() };
}

/** The report's address for whole days, `to` included. */
export const evidencePath = (organizationId: string, from: string, to: string): string =>
  `/orgs/${organizationId}/evidence?${new URLSearchParams({ from, to }).toString()}`;

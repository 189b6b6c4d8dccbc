import type { CompliancePoint } from '../compliance-history/index.js';

/** The compliance history export's columns, in order (docs/api.md, "Exports"). A shipped column name is permanent. */
export const historyColumns = [
  'at',
  'members',
  'compliant',
  'exempt',
  'in_window',
  'non_compliant',
  'blocked',
  'compliance_percent',
  'required',
  'allowed_methods',
] as const;

/** One point of the history as a row of `historyColumns`. */
export function historyCells(point: CompliancePoint): string[] {
  return [
    point.at.toISOString(),
    String(point.members),
    String(point.compliant),
    String(point.exempt),
    String(point.inWindow),
    String(point.nonCompliant),
    String(point.blocked),
    String(point.compliancePercent),
    point.required ? 'true' : 'false',
    point.allowedMethods,
  ];
}

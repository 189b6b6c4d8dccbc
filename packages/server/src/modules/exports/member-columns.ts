import type { Member } from '../organizations/index.js';

/**
 * The members export's columns, in order (docs/api.md, "Exports"). A shipped column name is
 * permanent: spreadsheets and scripts read them. Times are ISO 8601 in UTC; an empty cell is "none".
 */
export const memberColumns = [
  'id',
  'name',
  'email',
  'role',
  'kind',
  'joined_at',
  'compliance',
  'two_factor_methods',
  'exemption_reason',
  'exemption_expires_at',
  'deadline',
  'blocked_since',
  'last_alerted_at',
] as const;

const iso = (date: Date | null): string => date?.toISOString() ?? '';

/** One member as a row of `memberColumns`; the methods' kinds are separated by spaces. */
export function memberCells(member: Member): string[] {
  return [
    member.id,
    member.displayName,
    member.email,
    member.role,
    member.kind,
    iso(member.joinedAt),
    member.compliance,
    member.methodKinds.join(' '),
    member.exemption?.reason ?? '',
    iso(member.exemption?.expiresAt ?? null),
    iso(member.deadline),
    iso(member.blockedSince),
    iso(member.lastAlertedAt),
  ];
}

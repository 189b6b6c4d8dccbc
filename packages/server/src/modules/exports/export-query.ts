import { Compliance, Limits, MembershipKind, Role } from '@twostep/shared';
import { badInput, validId } from '../../core/errors.js';
import { AuditAction, type AuditLogFilter } from '../audit/index.js';
import { checkRange, HistoryResolution } from '../compliance-history/index.js';
import { TwoFactorStatus, type MemberFilter } from '../organizations/index.js';

/** A request's query string as Express 5 reads it: a value, or an array when a name repeats. */
export type ExportQuery = Record<string, unknown>;

/** One value of a closed set, or undefined when absent; anything else is the client's bad input. */
function oneOf<T extends string>(query: ExportQuery, name: string, allowed: Record<string, T>): T | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!Object.values<string>(allowed).includes(value)) throw badInput(name, `${name} must be one of ${Object.values(allowed).join(', ')}.`);
  return value as T;
}

/** A parameter given at most once, as text. */
function single(query: ExportQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw badInput(name, `Give ${name} once.`);
  return value;
}

/** Names outside the export's parameters are refused: a misspelt filter must not export everyone. */
function onlyKnown(query: ExportQuery, known: readonly string[]): void {
  const unknown = Object.keys(query).find((name) => !known.includes(name));
  if (unknown !== undefined) throw badInput(unknown, `Unknown parameter ${unknown}.`);
}

/** The organization named by `organizationId` (its shape is `authorize`'s to check). */
export function organizationIdOf(query: ExportQuery): string {
  const id = single(query, 'organizationId');
  if (id === undefined) throw badInput('organizationId', 'Name the organization: organizationId=….');
  return id;
}

/** The member list's filter and search (`MemberFilter`), from `compliance`, `twoFactor`, `role`, `kind` and `search`. */
export function memberFilterOf(query: ExportQuery): MemberFilter {
  onlyKnown(query, ['organizationId', 'compliance', 'twoFactor', 'role', 'kind', 'search']);
  const search = single(query, 'search')?.trim();
  if (search && search.length > Limits.maxSearchLength)
    throw badInput('search', `Search for at most ${Limits.maxSearchLength} characters.`);
  return {
    compliance: oneOf(query, 'compliance', Compliance),
    twoFactor: oneOf(query, 'twoFactor', TwoFactorStatus),
    role: oneOf(query, 'role', Role),
    kind: oneOf(query, 'kind', MembershipKind),
    search: search || undefined,
  };
}

/** A moment given as ISO 8601 (`2026-12-01T00:00:00Z`), or undefined when absent. */
function moment(query: ExportQuery, name: string): Date | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime()))
    throw badInput(name, `${name} must be a date and time in ISO 8601, e.g. 2026-12-01T00:00:00Z.`);
  return date;
}

/** The history's range and resolution: `from` and `to` (ISO 8601, required) and `resolution` (default HOUR). */
export function historyRangeOf(query: ExportQuery): { from: Date; to: Date; resolution: HistoryResolution } {
  onlyKnown(query, ['organizationId', 'from', 'to', 'resolution']);
  const from = moment(query, 'from');
  const to = moment(query, 'to');
  if (!from) throw badInput('from', 'Give the start of the range: from=….');
  if (!to) throw badInput('to', 'Give the end of the range: to=….');
  const resolution = oneOf(query, 'resolution', HistoryResolution) ?? HistoryResolution.HOUR;
  checkRange(from, to, resolution);
  return { from, to, resolution };
}

/**
 * The audit log's filter (`AuditLogFilter`): `action` (repeated, or comma-separated),
 * `targetUserId`, and the range `from` / `to` (ISO 8601).
 */
export function auditFilterOf(query: ExportQuery): AuditLogFilter {
  onlyKnown(query, ['organizationId', 'action', 'targetUserId', 'from', 'to']);
  const raw = query.action;
  const listed: unknown[] = raw === undefined ? [] : Array.isArray(raw) ? (raw as unknown[]) : [raw];
  const actions = listed.flatMap((value) => (typeof value === 'string' ? value.split(',') : [value])).filter((value) => value !== '');
  for (const action of actions) {
    if (typeof action !== 'string' || !Object.values<string>(AuditAction).includes(action))
      throw badInput('action', 'action must name audited actions (AuditAction).');
  }
  const targetUserId = single(query, 'targetUserId');
  const from = moment(query, 'from');
  const to = moment(query, 'to');
  if (from && to && from >= to) throw badInput('to', 'The end of the range must come after its start.');
  return {
    actions: actions.length > 0 ? (actions as AuditAction[]) : undefined,
    targetUserId: targetUserId === undefined ? undefined : validId(targetUserId, 'targetUserId'),
    from,
    to,
  };
}

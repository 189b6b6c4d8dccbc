import { Limits } from '@twostep/shared';
import { badInput } from '../errors.js';

/** Page size from `first`: default when absent, refused beyond the cap. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return Limits.defaultPageSize;
  if (!Number.isInteger(first) || first < 1 || first > Limits.maxPageSize) {
    throw badInput('first', `Ask for 1 to ${Limits.maxPageSize} items.`);
  }
  return first;
}

/** Opaque cursors: base64url of a small JSON array (the sort key and the row id). */
export function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, length: number): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === length) return parts as unknown[];
  } catch {
    // fall through
  }
  throw badInput('after', 'This cursor is not valid.');
}

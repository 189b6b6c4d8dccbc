import { ALL_SCOPES, type Scope } from '@twostep/shared';
import { badInput } from '../../core/errors.js';

/** At least one known scope, each once (the enum already refuses unknown values; this guards other callers). */
export function validScopes(scopes: readonly string[], field = 'scopes'): Scope[] {
  if (scopes.length === 0) throw badInput(field, 'Choose at least one scope.');
  if (new Set(scopes).size !== scopes.length) throw badInput(field, 'Name each scope once.');
  if (!scopes.every(isScope)) throw badInput(field, 'Unknown scope.');
  return [...scopes];
}

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

/** An expiry must lie in the future by the server's clock; none means the token lasts until revoked. */
export function validExpiry(expiresAt: Date | null | undefined, now: Date, field = 'expiresAt'): Date | null {
  if (expiresAt === null || expiresAt === undefined) return null;
  if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime()) {
    throw badInput(field, 'The expiry must be in the future.');
  }
  return expiresAt;
}

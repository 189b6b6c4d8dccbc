import { ErrorCode, Surface } from '@twostep/shared';
import { DomainError, unauthenticated } from '../../core/errors.js';
import type { Reach } from '../../core/graphql/gate.js';
import type { Principal } from '../../core/graphql/principal.js';
import type { FieldSurface } from '../../core/graphql/surface.js';
import { blockingOrganizationsOf, isBlocked, twoFactorRequired } from './compliance.js';

/**
 * The surface rules: which caller may reach a field. Public fields answer anyone; integration
 * tokens reach the integration surface with the scopes its fields name; desktop and mobile
 * sessions the app surface only; a web session everything, unless an organization blocks it: then
 * only what answers while blocked (and the app surface).
 */
export function allowsSurface(principal: Principal, { surfaces }: FieldSurface): boolean {
  if (surfaces.has(Surface.PUBLIC)) return true;
  switch (principal.kind) {
    case 'anonymous':
      return false;
    case 'integration':
      return surfaces.has(Surface.INTEGRATION);
    case 'session':
      if (principal.client !== 'WEB') return surfaces.has(Surface.APP);
      if (isBlocked(principal)) return surfaces.has(Surface.WHILE_BLOCKED) || surfaces.has(Surface.APP);
      return true;
  }
}

/**
 * The gate's decision on everything a document reaches (`core/graphql/gate.ts` walks it): throws
 * the refusal, with the code each kind of caller gets, or returns to let it run.
 */
export function judgeReach(principal: Principal, { fields, scopes }: Reach): void {
  if (principal.kind === 'integration') {
    for (const scope of scopes) {
      if (!principal.scopes.has(scope as never)) {
        throw new DomainError(ErrorCode.SCOPE_REQUIRED, `This token lacks the scope ${scope}.`, { scope });
      }
    }
  }
  if (fields.every((surface) => allowsSurface(principal, surface))) return;
  switch (principal.kind) {
    case 'anonymous':
      throw unauthenticated();
    case 'integration':
      throw new DomainError(ErrorCode.SURFACE_NOT_ALLOWED, 'Integration tokens cannot reach this field.');
    case 'session':
      if (principal.client !== 'WEB') throw new DomainError(ErrorCode.SURFACE_NOT_ALLOWED, 'App tokens reach only the app surface.');
      throw twoFactorRequired(blockingOrganizationsOf(principal));
  }
}

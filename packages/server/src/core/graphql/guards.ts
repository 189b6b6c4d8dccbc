import { unauthenticated } from '../errors.js';
import type { Principal, SessionPrincipal } from './principal.js';

/** The signed-in person behind a request; the gate has already checked the surface. */
export function sessionOf(principal: Principal): SessionPrincipal {
  if (principal.kind !== 'session') throw unauthenticated();
  return principal;
}

import { canExempt, canManageRole, ErrorCode, type Role } from '@twostep/shared';
import { DomainError } from '../../core/errors.js';
import type { OrganizationActor } from './authorize.js';

/**
 * The finer rules of who may do what, beside the permission table. Each throws the refusal, so a
 * call site reads as the rule it applies (`requirePerson(actor, …)`).
 */

/** People only: integration tokens never manage invitations, tokens or roles. */
export function requirePerson(
  actor: OrganizationActor,
  message: string,
): asserts actor is OrganizationActor & { userId: string; role: Role; personName: string } {
  if (!actor.userId || !actor.role || actor.personName === null) throw new DomainError(ErrorCode.FORBIDDEN, message);
}

/**
 * Acting on second factors, the requirement or `policy:write` tokens needs the acting person's own
 * 2FA (SECURITY.md 29). Integration tokens are not persons: their grant was checked when a person
 * with 2FA created them.
 */
export function requireOwnTwoFactor(actor: OrganizationActor, what: string, details: Record<string, unknown> = {}): void {
  if (actor.userId && !actor.actorTwoFactorEnabled) {
    throw new DomainError(ErrorCode.ACTOR_TWO_FACTOR_REQUIRED, `Set up two-step verification for yourself before ${what}.`, details);
  }
}

/** Only a legal representative grants, takes or removes the legal-representative role (`canManageRole`). */
export function requireCanManageRole(actorRole: Role | null, targets: Role[], message: string): void {
  if (!actorRole || !targets.every((target) => canManageRole(actorRole, target))) throw new DomainError(ErrorCode.FORBIDDEN, message);
}

/** Some actions are never done to oneself (resetting one's own second factors goes through the account page). */
export function refuseSelf(actor: OrganizationActor, targetUserId: string, message: string): void {
  if (targetUserId === actor.userId) throw new DomainError(ErrorCode.FORBIDDEN, message);
}

/**
 * Who may exempt whom from the requirement (PRODUCT.md, "Rollout"): exempting an administrator or
 * a legal representative takes a legal representative; a `policy:write` token exempts only `USER`
 * members; nobody exempts themselves.
 */
export function requireCanExempt(actor: OrganizationActor, target: { userId: string; role: Role }): void {
  refuseSelf(actor, target.userId, 'Nobody exempts themselves.');
  if (!canExempt(actor.userId ? actor.role : null, target.role))
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only a legal representative exempts an administrator or a legal representative.');
}

import { Role } from './domain.js';

/**
 * Who may grant, take away or remove a role: only a legal representative touches the
 * legal-representative role; an administrator manages administrators and users. The server's
 * access module decides with this function, and the console offers only what it allows.
 */
export function canManageRole(actor: Role, target: Role): boolean {
  if (actor === Role.LEGAL_REPRESENTATIVE) return true;
  if (actor === Role.ADMINISTRATOR) return target !== Role.LEGAL_REPRESENTATIVE;
  return false;
}

/**
 * Whose exemption from the 2FA requirement an actor may grant or revoke (PRODUCT.md, "Rollout"):
 * an administrator exempts users; an administrator or a legal representative is exempted only by a
 * legal representative. A token acts as no role: it exempts users only (`actor` null). Nobody
 * exempts themselves, and a person needs 2FA: the server checks those beside this.
 */
export function canExempt(actor: Role | null, target: Role): boolean {
  if (target === Role.USER) return actor === null || actor === Role.LEGAL_REPRESENTATIVE || actor === Role.ADMINISTRATOR;
  return actor === Role.LEGAL_REPRESENTATIVE;
}

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

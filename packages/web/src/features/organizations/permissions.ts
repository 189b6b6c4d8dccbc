import { Role } from '@twostep/shared';

/**
 * What the console offers to whom: the permission table of PRODUCT.md, mirrored only to hide what
 * the API would refuse anyway. The API decides; these keep screens from offering dead ends.
 */
export const isAdministrator = (role: Role): boolean => role === Role.LEGAL_REPRESENTATIVE || role === Role.ADMINISTRATOR;

/** Only legal representatives grant, take away or remove the legal-representative role. */
export const canManageRole = (actor: Role, target: Role): boolean =>
  actor === Role.LEGAL_REPRESENTATIVE || (actor === Role.ADMINISTRATOR && target !== Role.LEGAL_REPRESENTATIVE);

/** The roles an actor may give someone (in an invitation or a role change). */
export const assignableRoles = (actor: Role): Role[] =>
  [Role.LEGAL_REPRESENTATIVE, Role.ADMINISTRATOR, Role.USER].filter((role) => canManageRole(actor, role));

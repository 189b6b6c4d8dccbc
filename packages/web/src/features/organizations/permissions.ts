import { canExempt, canManageRole, Role } from '@twostep/shared';

/**
 * What the console offers to whom: the permission table of PRODUCT.md, mirrored only to hide what
 * the API would refuse anyway. The API decides; these keep screens from offering dead ends. The
 * role rule itself is the server's own function, from `@twostep/shared`.
 */
export const isAdministrator = (role: Role): boolean => role === Role.LEGAL_REPRESENTATIVE || role === Role.ADMINISTRATOR;

export { canExempt, canManageRole };

/** The roles an actor may give someone (in an invitation or a role change). */
export const assignableRoles = (actor: Role): Role[] =>
  [Role.LEGAL_REPRESENTATIVE, Role.ADMINISTRATOR, Role.USER].filter((role) => canManageRole(actor, role));

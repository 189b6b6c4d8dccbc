import { type Role, type Scope } from '@twostep/shared';

/**
 * What can be done in an organization, and who may: the permission table of PRODUCT.md in one
 * place. Roles map to permissions here; integration-token scopes map to the few permissions a
 * token can hold. The finer rules (who manages which role, people only, the actor's own 2FA, no
 * action on oneself) are the functions beside it, in `rules.ts`.
 */
export const Permission = {
  VIEW_ORGANIZATION: 'VIEW_ORGANIZATION',
  READ_MEMBERS: 'READ_MEMBERS',
  READ_AUDIT: 'READ_AUDIT',
  SEND_ALERTS: 'SEND_ALERTS',
  MANAGE_INVITATIONS: 'MANAGE_INVITATIONS',
  MANAGE_MEMBERS: 'MANAGE_MEMBERS',
  RESET_MEMBERS: 'RESET_MEMBERS',
  CHANGE_POLICY: 'CHANGE_POLICY',
  MANAGE_TOKENS: 'MANAGE_TOKENS',
  SUBSCRIBE_EVENTS: 'SUBSCRIBE_EVENTS',
  READ_WEBHOOKS: 'READ_WEBHOOKS',
  MANAGE_WEBHOOKS: 'MANAGE_WEBHOOKS',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

const administration: Permission[] = Object.values(Permission);

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  LEGAL_REPRESENTATIVE: new Set(administration),
  ADMINISTRATOR: new Set(administration),
  USER: new Set([Permission.VIEW_ORGANIZATION]),
};

export const scopePermissions: Record<Scope, Permission[]> = {
  'members:read': [Permission.VIEW_ORGANIZATION, Permission.READ_MEMBERS],
  'audit:read': [Permission.VIEW_ORGANIZATION, Permission.READ_AUDIT],
  'alerts:send': [Permission.VIEW_ORGANIZATION, Permission.SEND_ALERTS],
  'policy:write': [Permission.VIEW_ORGANIZATION, Permission.CHANGE_POLICY],
  'events:read': [Permission.VIEW_ORGANIZATION, Permission.SUBSCRIBE_EVENTS],
  'webhooks:read': [Permission.VIEW_ORGANIZATION, Permission.READ_WEBHOOKS],
};

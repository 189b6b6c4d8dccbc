import type { MembershipKind, Role } from '@twostep/shared';

export const roleLabels: Record<Role, string> = {
  LEGAL_REPRESENTATIVE: 'Legal representative',
  ADMINISTRATOR: 'Administrator',
  USER: 'User',
};

export const kindLabels: Record<MembershipKind, string> = {
  INTERNAL: 'Internal member',
  EXTERNAL: 'External member',
};

import type { Principal } from '../../core/graphql/principal.js';
import { isBlocked } from '../access/index.js';
import type { Access } from './accounts.types.js';

/** The viewer's access (blocked or not, by which organizations), from the loaded principal. */
export function accessOf(principal: Principal): Access {
  if (principal.kind !== 'session') return { blocked: false, requiringOrganizations: [] };
  return {
    blocked: isBlocked(principal),
    requiringOrganizations: principal.memberships
      .filter((m) => m.twoFactorRequired)
      .map((m) => ({
        id: m.organizationId,
        name: m.name,
        twoFactorRequired: true,
        twoFactorRequiredSince: m.policyChangedAt ? new Date(m.policyChangedAt) : null,
      })),
  };
}

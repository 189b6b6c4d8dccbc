import type { Principal } from '../../core/graphql/principal.js';
import { blockingOrganizationsOf, deadlinesOf, organizationsOf } from '../access/index.js';
import type { Access, OrganizationSummary } from './accounts.types.js';

/** The viewer's access (blocked or not, by which organizations, with which deadlines ahead), from the loaded principal. */
export function accessOf(principal: Principal): Access {
  if (principal.kind !== 'session') return { blocked: false, requiringOrganizations: [], blockingOrganizations: [], deadlines: [] };
  const summaries = new Map<string, OrganizationSummary>(
    principal.memberships.map((m) => [
      m.organizationId,
      {
        id: m.organizationId,
        name: m.name,
        twoFactorRequired: m.twoFactorRequired,
        twoFactorRequiredSince: m.twoFactorRequired && m.policyChangedAt ? new Date(m.policyChangedAt) : null,
        requiredFrom: m.requiredFrom ? new Date(m.requiredFrom) : null,
        allowedMethods: m.allowedMethods,
      },
    ]),
  );
  const blocking = blockingOrganizationsOf(principal).map((o) => summaries.get(o.id)!);
  return {
    blocked: blocking.length > 0,
    requiringOrganizations: [...summaries.values()].filter((o) => o.twoFactorRequired),
    blockingOrganizations: blocking,
    deadlines: deadlinesOf(principal, organizationsOf(principal), principal.at)
      .sort((a, b) => a.deadline.getTime() - b.deadline.getTime())
      .map(({ organization, deadline }) => ({ organization: summaries.get(organization.id)!, deadline })),
  };
}

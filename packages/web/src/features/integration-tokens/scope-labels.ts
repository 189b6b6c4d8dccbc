import type { IntegrationScope } from '../../gql/graphql';

/** Each scope: its string (as integrators read it in the docs) and what it opens. */
export const scopeLabels: Record<IntegrationScope, { name: string; description: string }> = {
  MEMBERS_READ: { name: 'members:read', description: 'Read the members with their 2FA status, the counts and the alert history.' },
  AUDIT_READ: { name: 'audit:read', description: 'Read the audit log.' },
  ALERTS_SEND: { name: 'alerts:send', description: 'Send alerts to one member or to all members without 2FA.' },
  POLICY_WRITE: { name: 'policy:write', description: 'Switch the 2FA requirement on or off. Only a person with 2FA may grant this.' },
  EVENTS_READ: { name: 'events:read', description: 'Subscribe to the organization’s live events.' },
  WEBHOOKS_READ: { name: 'webhooks:read', description: 'List the webhook endpoints and their deliveries (never their secrets).' },
};

export const scopeOrder: IntegrationScope[] = ['MEMBERS_READ', 'AUDIT_READ', 'ALERTS_SEND', 'POLICY_WRITE', 'EVENTS_READ', 'WEBHOOKS_READ'];

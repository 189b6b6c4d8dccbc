import type { NonEmptyArray } from 'type-graphql';
import { AccountResolver, SignInResolver, ViewerResolver } from '../modules/accounts/index.js';
import { AlertsResolver, MemberAlertsResolver, OrganizationAlertsResolver } from '../modules/alerts/index.js';
import {
  ComplianceHistoryMarkersResolver,
  ComplianceHistoryResolver,
  EvidenceReportResolver,
} from '../modules/compliance-history/index.js';
import { IntegrationTokenResolver } from '../modules/integration-tokens/index.js';
import { InvitationAcceptanceResolver, InvitationsResolver } from '../modules/invitations/index.js';
import {
  AlertCampaignChangeResolver,
  LiveResolver,
  MemberSecurityChangeResolver,
  OrganizationPolicyChangeResolver,
  SecuritySummaryChangeResolver,
} from '../modules/live/index.js';
import {
  AuditLogResolver,
  ExemptionsResolver,
  MemberConnectionResolver,
  MembersResolver,
  OrganizationResolver,
  ViewerMembershipsResolver,
} from '../modules/organizations/index.js';
import { PolicyRemindersResolver, SecurityPolicyResolver } from '../modules/security-policy/index.js';
import { ServerInfoResolver } from '../modules/server-info/index.js';
import { SecurityKeyResolver, TwoFactorResolver, ViewerTwoFactorResolver } from '../modules/two-factor/index.js';
import { OrganizationWebhooksResolver, WebhookEndpointResolver, WebhooksResolver } from '../modules/webhooks/index.js';
import type { Services } from './services.js';

/** Every resolver class of the schema (enough to build and print it). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's resolver list type
export const resolvers: NonEmptyArray<Function> = [
  ServerInfoResolver,
  SignInResolver,
  AccountResolver,
  ViewerResolver,
  ViewerMembershipsResolver,
  ViewerTwoFactorResolver,
  TwoFactorResolver,
  SecurityKeyResolver,
  OrganizationResolver,
  InvitationsResolver,
  InvitationAcceptanceResolver,
  MemberConnectionResolver,
  MembersResolver,
  SecurityPolicyResolver,
  PolicyRemindersResolver,
  ExemptionsResolver,
  AlertsResolver,
  MemberAlertsResolver,
  OrganizationAlertsResolver,
  AuditLogResolver,
  ComplianceHistoryResolver,
  ComplianceHistoryMarkersResolver,
  EvidenceReportResolver,
  IntegrationTokenResolver,
  OrganizationWebhooksResolver,
  WebhookEndpointResolver,
  WebhooksResolver,
  LiveResolver,
  MemberSecurityChangeResolver,
  OrganizationPolicyChangeResolver,
  SecuritySummaryChangeResolver,
  AlertCampaignChangeResolver,
];

/**
 * Every resolver, constructed with exactly the services it uses: the one place where resolvers get
 * their dependencies (type-graphql asks this container; no reflection, no service locator in the
 * request context). A class missing here fails at the first request that reaches it, and the
 * composition test lists them all.
 */
export function resolverInstances(services: Services): Map<unknown, object> {
  const { accounts, sessions, events, twoFactor, securityKeys, clock, members, organizations, invitations, alerts, live } = services;
  const secureCookies = services.config.publicUrl.startsWith('https:');
  const instances: object[] = [
    new ServerInfoResolver(),
    new SignInResolver({ accounts, sessions, events, secureCookies }),
    new AccountResolver({ accounts, sessions, events }),
    new ViewerResolver({ sessions }),
    new ViewerMembershipsResolver(),
    new ViewerTwoFactorResolver({ twoFactor, securityKeys }),
    new TwoFactorResolver({ twoFactor, accounts, sessions, events, clock }),
    new SecurityKeyResolver({ securityKeys, twoFactor, accounts, sessions, events, clock }),
    new OrganizationResolver({ organizations, members }),
    new InvitationsResolver({ invitations }),
    new InvitationAcceptanceResolver({ invitationAcceptance: services.invitationAcceptance, secureCookies }),
    new MemberConnectionResolver(),
    new MembersResolver({ members, accounts }),
    new SecurityPolicyResolver({ securityPolicy: services.securityPolicy, organizations }),
    new PolicyRemindersResolver(),
    new ExemptionsResolver({ exemptions: services.exemptions, members }),
    new AlertsResolver({ alerts }),
    new MemberAlertsResolver({ alerts }),
    new OrganizationAlertsResolver({ alerts }),
    new AuditLogResolver(),
    new ComplianceHistoryResolver({ clock }),
    new ComplianceHistoryMarkersResolver(),
    new EvidenceReportResolver({ members, organizations }),
    new IntegrationTokenResolver({ integrationTokens: services.integrationTokens }),
    new OrganizationWebhooksResolver({ webhooks: services.webhooks }),
    new WebhookEndpointResolver(),
    new WebhooksResolver({ webhooks: services.webhooks }),
    new LiveResolver({ live }),
    new MemberSecurityChangeResolver({ live }),
    new OrganizationPolicyChangeResolver({ live }),
    new SecuritySummaryChangeResolver({ live }),
    new AlertCampaignChangeResolver({ live }),
  ];
  return new Map(instances.map((instance) => [instance.constructor, instance]));
}

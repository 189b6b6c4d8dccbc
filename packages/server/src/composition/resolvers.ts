import type { NonEmptyArray } from 'type-graphql';
import { AccountResolver, SignInResolver, ViewerResolver } from './modules/accounts/index.js';
import { InvitationAcceptanceResolver, InvitationsResolver } from './modules/invitations/index.js';
import { IntegrationTokenResolver } from './modules/integration-tokens/index.js';
import {
  LiveResolver,
  MemberSecurityChangeResolver,
  OrganizationPolicyChangeResolver,
  SecuritySummaryChangeResolver,
  AlertCampaignChangeResolver,
} from './modules/live/index.js';
import { AlertsResolver, MemberAlertsResolver, OrganizationAlertsResolver } from './modules/alerts/index.js';
import { AuditLogResolver } from './modules/audit/index.js';
import { MemberConnectionResolver, MembersResolver, OrganizationResolver } from './modules/organizations/index.js';
import { SecurityPolicyResolver } from './modules/security-policy/index.js';
import { ServerInfoResolver } from './modules/server-info/index.js';
import { TwoFactorResolver } from './modules/two-factor/index.js';

/** Every resolver of the schema. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's resolver list type
export const resolvers: NonEmptyArray<Function> = [
  ServerInfoResolver,
  SignInResolver,
  AccountResolver,
  ViewerResolver,
  TwoFactorResolver,
  OrganizationResolver,
  InvitationsResolver,
  InvitationAcceptanceResolver,
  MemberConnectionResolver,
  MembersResolver,
  SecurityPolicyResolver,
  AlertsResolver,
  MemberAlertsResolver,
  OrganizationAlertsResolver,
  AuditLogResolver,
  IntegrationTokenResolver,
  LiveResolver,
  MemberSecurityChangeResolver,
  OrganizationPolicyChangeResolver,
  SecuritySummaryChangeResolver,
  AlertCampaignChangeResolver,
];

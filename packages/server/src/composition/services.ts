import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { EventHub } from '../core/events/domain-events.js';
import type { Logger } from '../core/logger.js';
import { memoryEngine, type PubSubEngine } from '../core/pubsub/index.js';
import { MailQueue, type MailTemplate } from '../core/mail/index.js';
import { SecretBox } from '../core/security/encryption.js';
import { PasswordHasher } from '../core/security/password-hasher.js';
import { RateLimiter } from '../core/security/rate-limiter.js';
import { AccountsService, accountMailTemplates, SessionService } from '../modules/accounts/index.js';
import { AlertsService, alertMailTemplates } from '../modules/alerts/index.js';
import { AuditService } from '../modules/audit/index.js';
import { InvitationAcceptanceService, InvitationsService, invitationMailTemplates } from '../modules/invitations/index.js';
import { IntegrationTokensService } from '../modules/integration-tokens/index.js';
import { LiveService, type LiveOptions } from '../modules/live/index.js';
import {
  ExemptionsService,
  MembersService,
  OrganizationsService,
  accountOrganizations,
  membershipsJsonOf,
  protectionMailTemplates,
} from '../modules/organizations/index.js';
import { SecurityPolicyService } from '../modules/security-policy/index.js';
import { FactorAttempts, SecurityKeys, TwoFactorService } from '../modules/two-factor/index.js';
import { systemResolve, webhookMailTemplates, WebhookEndpointsService, type ResolveHost } from '../modules/webhooks/index.js';

/** Every service, wired once per process; the composition root hands each resolver the ones it uses. */
export interface Services {
  config: Config;
  clock: Clock;
  log: Logger;
  orm: MikroORM;
  events: EventHub;
  mail: MailQueue;
  hasher: PasswordHasher;
  /** Encrypts secrets at rest with the key kept outside the database. */
  box: SecretBox;
  limiter: RateLimiter;
  audit: AuditService;
  sessions: SessionService;
  twoFactor: TwoFactorService;
  /** Security keys and passkeys (WebAuthn ceremonies). */
  securityKeys: SecurityKeys;
  accounts: AccountsService;
  organizations: OrganizationsService;
  invitations: InvitationsService;
  invitationAcceptance: InvitationAcceptanceService;
  members: MembersService;
  exemptions: ExemptionsService;
  alerts: AlertsService;
  securityPolicy: SecurityPolicyService;
  integrationTokens: IntegrationTokensService;
  webhooks: WebhookEndpointsService;
  /** How webhook hosts are resolved (the system's DNS, or a test's stub). */
  resolveHost: ResolveHost;
  /** Subscriptions, the pub/sub forwarding and the socket registry (started by `startTwostep`). */
  live: LiveService;
}

export const mailTemplates: ReadonlyMap<string, MailTemplate> = new Map(
  Object.entries({
    ...accountMailTemplates,
    ...invitationMailTemplates,
    ...alertMailTemplates,
    ...protectionMailTemplates,
    ...webhookMailTemplates,
  }),
);

export function createServices(deps: {
  config: Config;
  clock: Clock;
  log: Logger;
  orm: MikroORM;
  events: EventHub;
  secretKey: Buffer;
  wakeMail: () => void;
  wakeCampaigns: () => void;
  /** Wakes the webhook delivery workers. */
  wakeWebhooks?: () => void;
  /** Resolves webhook hosts (default: the system's DNS). */
  resolveHost?: ResolveHost;
  /** Where live messages go; in process when not given (the operator commands publish to no one). */
  pubsub?: PubSubEngine;
  live?: LiveOptions;
}): Services {
  const { config, clock, log, orm, events } = deps;
  const box = new SecretBox(deps.secretKey);
  const mail = new MailQueue(clock, mailTemplates, box, deps.wakeMail);
  const hasher = new PasswordHasher(config.maxConcurrentHashes);
  const limiter = new RateLimiter(clock);
  const audit = new AuditService(clock, accountOrganizations.ids);
  const sessions = new SessionService(clock, membershipsJsonOf);
  // Members are built after two-factor (they reset factors); two-factor reaches them only once running.
  const attempts = new FactorAttempts({ orm, clock, audit });
  const twoFactor: TwoFactorService = new TwoFactorService({
    orm,
    clock,
    box,
    mail,
    audit,
    events,
    log,
    attempts,
    organizationsOf: {
      ...accountOrganizations,
      endBlockEpisodes: (tx, userId): Promise<void> => members.endBlockEpisodes(tx, userId),
    },
  });
  const securityKeys = new SecurityKeys({ orm, clock, config, attempts, twoFactor, mail, audit, log });
  const secondFactors = {
    signInMethods: twoFactor.signInMethods.bind(twoFactor),
    verify: twoFactor.verify.bind(twoFactor),
    keyOptions: securityKeys.assertionOptions.bind(securityKeys),
    verifyKey: securityKeys.verifyAssertion.bind(securityKeys),
  };
  const accounts = new AccountsService({ clock, config, hasher, limiter, sessions, twoFactor: secondFactors, mail, audit, events, log });
  const organizations = new OrganizationsService(clock);
  const invitations = new InvitationsService({ clock, mail, audit, organizations });
  const invitationAcceptance = new InvitationAcceptanceService({ clock, accounts, sessions, audit, events });
  const members: MembersService = new MembersService({ clock, audit, events, mail, sessions, twoFactor });
  const alerts = new AlertsService({ orm, clock, mail, audit, events, log, wakeCampaigns: deps.wakeCampaigns });
  const securityPolicy = new SecurityPolicyService({ clock, audit, events, mail });
  const exemptions = new ExemptionsService({ clock, audit, events, mail });
  const integrationTokens = new IntegrationTokensService({ clock, audit, events });
  const resolveHost = deps.resolveHost ?? systemResolve;
  const webhooks = new WebhookEndpointsService({
    clock,
    config,
    box,
    audit,
    resolve: resolveHost,
    wakeDeliveries: () => deps.wakeWebhooks?.(),
  });
  const live = new LiveService({ orm, clock, log, events, engine: deps.pubsub ?? memoryEngine(log), members, alerts, ...deps.live });
  return {
    config,
    clock,
    log,
    orm,
    events,
    mail,
    hasher,
    box,
    limiter,
    audit,
    sessions,
    twoFactor,
    securityKeys,
    accounts,
    organizations,
    invitations,
    invitationAcceptance,
    members,
    exemptions,
    alerts,
    securityPolicy,
    integrationTokens,
    webhooks,
    resolveHost,
    live,
  };
}

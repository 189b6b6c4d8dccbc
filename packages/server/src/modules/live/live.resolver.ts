import { Arg, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { Scope } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import type { LiveService } from './live.service.js';
import { App, Integration } from '../../core/graphql/surface.js';
import { Access } from '../accounts/index.js';
import { Alert, AlertCampaign } from '../alerts/index.js';
import { ActorRef, Member } from '../organizations/index.js';
import { SecuritySummary } from '../organizations/index.js';
import { overSocketOnly } from './live.service.js';
import { AuditLogEntry } from '../audit/index.js';
import { CompliancePoint } from '../compliance-history/index.js';
import {
  AlertCampaignChange,
  MemberSecurityChange,
  OrganizationPolicyChange,
  SecuritySummaryChange,
  type AuditEntryAdded,
  type ComplianceHistoryChange,
} from './live.types.js';

const notReplayed = 'Nothing is replayed: a client that reconnects queries the current state again.';
const watchers = 'Administrators and legal representatives, or a token with `events:read`; a USER is refused (FORBIDDEN).';

/**
 * A subscription's source stream comes from the live service, which the decorators cannot reach:
 * the composition root sets each field's `subscribe` (`liveSubscriptions`). Until then, this.
 */
function wiredByTheCompositionRoot(): never {
  throw new Error('subscription not wired: call wireSubscriptions with liveSubscriptions(live)');
}

interface OrganizationArgs {
  organizationId: string;
}

type Subscribe = (args: Record<string, unknown>, context: Context) => AsyncIterable<unknown> | Promise<AsyncIterable<unknown>>;

/** Each subscription field's source stream, from the live service (wired by the composition root). */
export function liveSubscriptions(live: LiveService): Record<string, Subscribe> {
  const organizationId = (args: Record<string, unknown>): string => (args as unknown as OrganizationArgs).organizationId;
  return {
    memberSecurityChanged: (args, context) => live.memberChanges(context, organizationId(args)),
    organizationPolicyChanged: (args, context) => live.policyChanges(context, organizationId(args)),
    alertCampaignChanged: (args, context) => live.campaignChanges(context, organizationId(args)),
    securitySummaryChanged: (args, context) => live.summaryChanges(context, organizationId(args)),
    complianceHistoryChanged: (args, context) => live.historyChanges(context, organizationId(args)),
    auditEventAdded: (args, context) => live.auditEntries(context, organizationId(args)),
    viewerAccessChanged: (_args, context) => live.accessChanges(context),
  };
}

/** The event a subscription field resolves to; there is none when the operation came over HTTP. */
function event<T>(payload: T | undefined): T {
  if (payload === undefined) throw overSocketOnly();
  return payload;
}

/**
 * The subscriptions (graphql-ws on `/graphql`). Each is authorized when it starts and again for
 * every event, and ends with the error when the subscriber loses the right.
 */
export interface LiveResolverDeps {
  live: LiveService;
}

@Resolver()
export class LiveResolver {
  constructor(private readonly deps: LiveResolverDeps) {}

  @Subscription(() => MemberSecurityChange, {
    description: `A member of the organization enabled or lost 2FA, was alerted (or the alert's delivery changed), joined, left, was removed or reset, or changed role. ${watchers} ${notReplayed}`,
    subscribe: wiredByTheCompositionRoot,
  })
  @Integration(Scope.EVENTS_READ)
  memberSecurityChanged(
    @Root() change: MemberSecurityChange,
    @Arg('organizationId', () => ID) _organizationId: string,
  ): MemberSecurityChange {
    return event(change);
  }

  @Subscription(() => OrganizationPolicyChange, {
    description: `The organization's 2FA requirement was switched on or off: by whom, and when. ${watchers} ${notReplayed}`,
    subscribe: wiredByTheCompositionRoot,
  })
  @Integration(Scope.EVENTS_READ)
  organizationPolicyChanged(
    @Root() change: OrganizationPolicyChange,
    @Arg('organizationId', () => ID) _organizationId: string,
  ): OrganizationPolicyChange {
    return event(change);
  }

  @Subscription(() => AlertCampaignChange, {
    description: `An alert campaign ("warn all without 2FA") committed a batch or finished: its queued and skipped counts and state. ${watchers} ${notReplayed}`,
    subscribe: wiredByTheCompositionRoot,
  })
  @Integration(Scope.EVENTS_READ)
  alertCampaignChanged(@Root() change: AlertCampaignChange, @Arg('organizationId', () => ID) _organizationId: string): AlertCampaignChange {
    return event(change);
  }

  @Subscription(() => SecuritySummaryChange, {
    description: `The organization's security counts, sent at most once a second while its members change (2FA, membership, roles, alerts); the counts may equal the previous ones. ${watchers} ${notReplayed}`,
    subscribe: wiredByTheCompositionRoot,
  })
  @Integration(Scope.EVENTS_READ)
  securitySummaryChanged(
    @Root() change: SecuritySummaryChange,
    @Arg('organizationId', () => ID) _organizationId: string,
  ): SecuritySummaryChange {
    return event(change);
  }

  @Subscription(() => CompliancePoint, {
    description: `The organization's compliance history gained a point (or its minute's point changed): the counts now, as \`complianceHistory\` will answer them. ${watchers} ${notReplayed}`,
    subscribe: wiredByTheCompositionRoot,
  })
  @Integration(Scope.EVENTS_READ)
  complianceHistoryChanged(
    @Root() change: ComplianceHistoryChange,
    @Arg('organizationId', () => ID) _organizationId: string,
  ): Promise<CompliancePoint> {
    return this.deps.live.payloads.point(event(change));
  }

  @Subscription(() => AuditLogEntry, {
    description: `An entry was written to the organization's audit log (sent once its change committed). Administrators and legal representatives, or a token with both \`audit:read\` and \`events:read\`; a USER is refused (FORBIDDEN). ${notReplayed}`,
    subscribe: wiredByTheCompositionRoot,
  })
  @Integration(Scope.EVENTS_READ)
  auditEventAdded(@Root() change: AuditEntryAdded, @Arg('organizationId', () => ID) _organizationId: string): Promise<AuditLogEntry> {
    return this.deps.live.payloads.auditEntry(event(change));
  }

  @Subscription(() => Access, {
    description: `The viewer's own access changed: blocked (by which organizations) or unblocked. Reachable by the apps and while blocked. ${notReplayed}`,
    subscribe: wiredByTheCompositionRoot,
  })
  @App()
  viewerAccessChanged(@Root() access: Access): Access {
    return event(access);
  }
}

export interface MemberSecurityChangeResolverDeps {
  live: LiveService;
}

@Resolver(() => MemberSecurityChange)
export class MemberSecurityChangeResolver {
  constructor(private readonly deps: MemberSecurityChangeResolverDeps) {}

  @FieldResolver(() => Member, { nullable: true, description: 'The member’s current row; null once they are no longer a member.' })
  member(@Root() change: MemberSecurityChange): Promise<Member | null> {
    return this.deps.live.payloads.member(change);
  }

  @FieldResolver(() => Alert, { nullable: true, description: 'For ALERTED and ALERT_DELIVERY_CHANGED: the alert and its delivery state.' })
  alert(@Root() change: MemberSecurityChange): Promise<Alert | null> {
    return this.deps.live.payloads.alert(change);
  }
}

export interface OrganizationPolicyChangeResolverDeps {
  live: LiveService;
}

@Resolver(() => OrganizationPolicyChange)
export class OrganizationPolicyChangeResolver {
  constructor(private readonly deps: OrganizationPolicyChangeResolverDeps) {}

  @FieldResolver(() => ActorRef, { nullable: true, description: 'Who changed it: a person or an integration token.' })
  changedBy(@Root() change: OrganizationPolicyChange): Promise<ActorRef | null> {
    return this.deps.live.payloads.changedBy(change);
  }
}

export interface AlertCampaignChangeResolverDeps {
  live: LiveService;
}

@Resolver(() => AlertCampaignChange)
export class AlertCampaignChangeResolver {
  constructor(private readonly deps: AlertCampaignChangeResolverDeps) {}

  @FieldResolver(() => AlertCampaign, { description: 'The campaign after this batch.' })
  campaign(@Root() change: AlertCampaignChange): Promise<AlertCampaign> {
    return this.deps.live.payloads.campaign(change);
  }
}

export interface SecuritySummaryChangeResolverDeps {
  live: LiveService;
}

@Resolver(() => SecuritySummaryChange)
export class SecuritySummaryChangeResolver {
  constructor(private readonly deps: SecuritySummaryChangeResolverDeps) {}

  @FieldResolver(() => SecuritySummary, { description: 'The counts now.' })
  summary(@Root() change: SecuritySummaryChange): Promise<SecuritySummary> {
    return this.deps.live.payloads.summary(change);
  }
}

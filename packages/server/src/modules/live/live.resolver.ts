import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { Scope } from '@twostep/shared';
import type { Context } from '../../context.js';
import { App, Integration } from '../../core/graphql/surface.js';
import { Access } from '../accounts/index.js';
import { Alert, AlertCampaign } from '../alerts/index.js';
import { ActorRef, Member } from '../organizations/index.js';
import { SecuritySummary } from '../organizations/index.js';
import { overSocketOnly } from './live.service.js';
import { AlertCampaignChange, MemberSecurityChange, OrganizationPolicyChange, SecuritySummaryChange } from './live.types.js';

const notReplayed = 'Nothing is replayed: a client that reconnects queries the current state again.';
const watchers = 'Administrators and legal representatives, or a token with `events:read`; a USER is refused (FORBIDDEN).';

interface OrganizationArgs {
  organizationId: string;
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
@Resolver()
export class LiveResolver {
  @Subscription(() => MemberSecurityChange, {
    description: `A member of the organization enabled or lost 2FA, was alerted (or the alert's delivery changed), joined, left, was removed or reset, or changed role. ${watchers} ${notReplayed}`,
    subscribe: ({ args, context }) =>
      (context as Context).services.live.memberChanges(context as Context, (args as OrganizationArgs).organizationId),
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
    subscribe: ({ args, context }) =>
      (context as Context).services.live.policyChanges(context as Context, (args as OrganizationArgs).organizationId),
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
    subscribe: ({ args, context }) =>
      (context as Context).services.live.campaignChanges(context as Context, (args as OrganizationArgs).organizationId),
  })
  @Integration(Scope.EVENTS_READ)
  alertCampaignChanged(@Root() change: AlertCampaignChange, @Arg('organizationId', () => ID) _organizationId: string): AlertCampaignChange {
    return event(change);
  }

  @Subscription(() => SecuritySummaryChange, {
    description: `The organization's security counts, sent at most once a second while its members change (2FA, membership, roles, alerts); the counts may equal the previous ones. ${watchers} ${notReplayed}`,
    subscribe: ({ args, context }) =>
      (context as Context).services.live.summaryChanges(context as Context, (args as OrganizationArgs).organizationId),
  })
  @Integration(Scope.EVENTS_READ)
  securitySummaryChanged(
    @Root() change: SecuritySummaryChange,
    @Arg('organizationId', () => ID) _organizationId: string,
  ): SecuritySummaryChange {
    return event(change);
  }

  @Subscription(() => Access, {
    description: `The viewer's own access changed: blocked (by which organizations) or unblocked. Reachable by the apps and while blocked. ${notReplayed}`,
    subscribe: ({ context }) => (context as Context).services.live.accessChanges(context as Context),
  })
  @App()
  viewerAccessChanged(@Root() access: Access): Access {
    return event(access);
  }
}

@Resolver(() => MemberSecurityChange)
export class MemberSecurityChangeResolver {
  @FieldResolver(() => Member, { nullable: true, description: 'The member’s current row; null once they are no longer a member.' })
  member(@Root() change: MemberSecurityChange, @Ctx() { services }: Context): Promise<Member | null> {
    return services.live.payloads.member(change);
  }

  @FieldResolver(() => Alert, { nullable: true, description: 'For ALERTED and ALERT_DELIVERY_CHANGED: the alert and its delivery state.' })
  alert(@Root() change: MemberSecurityChange, @Ctx() { services }: Context): Promise<Alert | null> {
    return services.live.payloads.alert(change);
  }
}

@Resolver(() => OrganizationPolicyChange)
export class OrganizationPolicyChangeResolver {
  @FieldResolver(() => ActorRef, { nullable: true, description: 'Who changed it: a person or an integration token.' })
  changedBy(@Root() change: OrganizationPolicyChange, @Ctx() { services }: Context): Promise<ActorRef | null> {
    return services.live.payloads.changedBy(change);
  }
}

@Resolver(() => AlertCampaignChange)
export class AlertCampaignChangeResolver {
  @FieldResolver(() => AlertCampaign, { description: 'The campaign after this batch.' })
  campaign(@Root() change: AlertCampaignChange, @Ctx() { services }: Context): Promise<AlertCampaign> {
    return services.live.payloads.campaign(change);
  }
}

@Resolver(() => SecuritySummaryChange)
export class SecuritySummaryChangeResolver {
  @FieldResolver(() => SecuritySummary, { description: 'The counts now.' })
  summary(@Root() change: SecuritySummaryChange, @Ctx() { services }: Context): Promise<SecuritySummary> {
    return services.live.payloads.summary(change);
  }
}

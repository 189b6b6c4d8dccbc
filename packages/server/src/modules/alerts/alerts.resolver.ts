import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Scope } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import type { AlertsService } from './alerts.service.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize, Permission } from '../access/index.js';
import { Member, OrganizationNode } from '../organizations/index.js';
import { Alert, AlertAllInput, AlertCampaign, SendAlertInput } from './alerts.types.js';

export interface AlertsResolverDeps {
  alerts: AlertsService;
}

@Resolver()
export class AlertsResolver {
  constructor(private readonly deps: AlertsResolverDeps) {}

  @Mutation(() => Alert, {
    description: 'E-mails one member without 2FA, asking them to enable it. At most one alert per member per 24 hours.',
  })
  @Integration(Scope.ALERTS_SEND)
  async sendAlert(@Arg('input', () => SendAlertInput) input: SendAlertInput, @Ctx() { em, principal }: Context): Promise<Alert> {
    const actor = await authorize(em, principal, input.organizationId, Permission.SEND_ALERTS);
    return this.deps.alerts.send(em, actor, input.userId, input.confirm);
  }

  @Mutation(() => AlertCampaign, {
    description:
      'Alerts every member without 2FA, skipping those alerted in the last 24 hours. Runs in the background in batches; watch its counts.',
  })
  @Integration(Scope.ALERTS_SEND)
  async alertAllWithoutTwoFactor(
    @Arg('input', () => AlertAllInput) input: AlertAllInput,
    @Ctx() { em, principal }: Context,
  ): Promise<AlertCampaign> {
    const actor = await authorize(em, principal, input.organizationId, Permission.SEND_ALERTS);
    return this.deps.alerts.startCampaign(em, actor, input.confirm);
  }
}

export interface MemberAlertsResolverDeps {
  alerts: AlertsService;
}

@Resolver(() => Member)
export class MemberAlertsResolver {
  constructor(private readonly deps: MemberAlertsResolverDeps) {}

  @FieldResolver(() => [Alert], { description: 'The alerts this organization sent the member, newest first.' })
  @Integration(Scope.MEMBERS_READ)
  async alerts(
    @Root() member: Member,
    @Ctx() { em, principal }: Context,
    @Arg('last', () => Int, { defaultValue: 10 }) last: number,
  ): Promise<Alert[]> {
    // Checked here too, not trusted from the parent field: a member reached by another path
    // (a live event's payload, say) meets the same rule. It reads no database.
    await authorize(em, principal, member.organizationId, Permission.READ_MEMBERS);
    return this.deps.alerts.forMember(em, member.organizationId, member.id, Math.min(Math.max(last, 1), 50));
  }
}

export interface OrganizationAlertsResolverDeps {
  alerts: AlertsService;
}

@Resolver(() => OrganizationNode)
export class OrganizationAlertsResolver {
  constructor(private readonly deps: OrganizationAlertsResolverDeps) {}

  @FieldResolver(() => AlertCampaign, { nullable: true, description: 'A campaign by id, or the latest one.' })
  @Integration(Scope.ALERTS_SEND)
  async alertCampaign(
    @Root() organization: OrganizationNode,
    @Ctx() { em, principal }: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
  ): Promise<AlertCampaign | null> {
    await authorize(em, principal, organization.id, Permission.SEND_ALERTS);
    return id ? this.deps.alerts.campaign(em, organization.id, id) : this.deps.alerts.latestCampaign(em, organization.id);
  }
}

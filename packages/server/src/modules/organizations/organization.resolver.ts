import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { AllowedMethods, Scope } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import type { MembersService } from './members.service.js';
import type { OrganizationsService } from './organizations.service.js';
import { pageSize } from '../../core/graphql/pagination.js';
import { aYearAfter } from '../../core/clock.js';
import { badInput } from '../../core/errors.js';
import { LockoutPreview, queryLockoutPreview } from './lockout-preview.js';
import { ALERT_INTERVAL_MS } from './members.service.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize, Permission } from '../access/index.js';
import { Organization, SecurityPolicy } from './organization.types.js';
import { Member, MemberConnection, MemberFilter, MemberOrder, SecuritySummary } from './members.types.js';

/** How far behind the server's clock a client's "now" may be for the lockout preview. */
const CLOCK_SKEW_MS = 15 * 60_000;

export interface OrganizationResolverDeps {
  organizations: OrganizationsService;
  members: MembersService;
}

@Resolver(() => Organization)
export class OrganizationResolver {
  constructor(private readonly deps: OrganizationResolverDeps) {}

  @Query(() => Organization, {
    description: 'An organization of the viewer (or of the integration token). Each field checks its own permission.',
  })
  @Integration()
  async organization(@Arg('id', () => ID) id: string, @Ctx() { em, principal }: Context): Promise<Organization> {
    const access = await authorize(em, principal, id, Permission.VIEW_ORGANIZATION);
    return { id: access.organizationId, name: access.organizationName };
  }

  @FieldResolver(() => SecurityPolicy, { description: 'Whether 2FA is required, since when and by whom.' })
  @Integration()
  securityPolicy(@Root() organization: Organization, @Ctx() { em }: Context): Promise<SecurityPolicy> {
    return this.deps.organizations.policy(em, organization.id);
  }

  @FieldResolver(() => MemberConnection, {
    description: 'Members with their 2FA status: filter, search, sort, cursor pages (at most 100).',
  })
  @Integration(Scope.MEMBERS_READ)
  async members(
    @Root() organization: Organization,
    @Ctx() { em, principal }: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('filter', () => MemberFilter, { nullable: true }) filter?: MemberFilter | null,
    @Arg('orderBy', () => MemberOrder, { nullable: true }) orderBy?: MemberOrder | null,
  ): Promise<MemberConnection> {
    await authorize(em, principal, organization.id, Permission.READ_MEMBERS);
    return this.deps.members.list(em, organization.id, { first: pageSize(first), after, filter, orderBy });
  }

  @FieldResolver(() => Member, { description: 'One member.' })
  @Integration(Scope.MEMBERS_READ)
  async member(
    @Root() organization: Organization,
    @Arg('userId', () => ID) userId: string,
    @Ctx() { em, principal }: Context,
  ): Promise<Member> {
    await authorize(em, principal, organization.id, Permission.READ_MEMBERS);
    return this.deps.members.get(em, organization.id, userId);
  }

  @FieldResolver(() => SecuritySummary, { description: 'How many members have 2FA (the compliance share).' })
  @Integration(Scope.MEMBERS_READ)
  async securitySummary(@Root() organization: Organization, @Ctx() { em, principal }: Context): Promise<SecuritySummary> {
    await authorize(em, principal, organization.id, Permission.READ_MEMBERS);
    return this.deps.members.summary(em, organization.id);
  }

  @FieldResolver(() => LockoutPreview, {
    description:
      'Who the requirement would block at `at` (default: the scheduled date, else now), were it in force then, with the clients each used lately: the named list to read before requiring or scheduling. `at` may not be in the past. Pages by name (at most 100).',
  })
  @Integration(Scope.MEMBERS_READ)
  async lockoutPreview(
    @Root() organization: Organization,
    @Ctx() { em, principal }: Context,
    @Arg('at', () => Date, { nullable: true }) at?: Date | null,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('allowedMethods', () => AllowedMethods, {
      nullable: true,
      description:
        'Preview a change of the accepted methods instead: who would be newly blocked were only these methods to count (members with a method accepted today that the new policy does not accept).',
    })
    allowedMethods?: AllowedMethods | null,
  ): Promise<LockoutPreview> {
    await authorize(em, principal, organization.id, Permission.READ_MEMBERS);
    const now = this.deps.organizations.now();
    let moment = at ?? null;
    // A moment a little in the past (a browser's clock behind the server's) is now.
    if (moment && moment.getTime() < now.getTime() - CLOCK_SKEW_MS) throw badInput('at', 'Preview a moment from now on.');
    if (moment && moment > aYearAfter(aYearAfter(now))) throw badInput('at', 'Preview a moment at most two years ahead.');
    moment ??= (await this.deps.organizations.policy(em, organization.id)).requiredFrom ?? now;
    return queryLockoutPreview(em, organization.id, {
      at: moment < now ? now : moment,
      now,
      first: pageSize(first),
      after,
      search,
      alertIntervalMs: ALERT_INTERVAL_MS,
      allowedMethods,
    });
  }
}

@Resolver(() => MemberConnection)
export class MemberConnectionResolver {
  @FieldResolver(() => Int, { description: 'Members matching the filter, on every page.' })
  totalCount(@Root() connection: MemberConnection): Promise<number> {
    return connection.countTotal();
  }
}

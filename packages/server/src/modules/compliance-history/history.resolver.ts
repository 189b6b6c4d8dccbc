import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Compliance, Scope } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import type { Context } from '../../core/graphql/context.js';
import { pageSize } from '../../core/graphql/pagination.js';
import type { Principal } from '../../core/graphql/principal.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize, Permission } from '../access/index.js';
import { displayNameOf } from '../accounts/index.js';
import { AuditAction, AuditLogConnection, AuditLogEntry as AuditLogEntryType, queryAuditLog } from '../audit/index.js';
import { tokenNameOf } from '../integration-tokens/index.js';
import {
  ActorRef,
  MemberConnection,
  OrganizationNode,
  SecurityPolicy,
  TwoFactorStatus,
  type MembersService,
  type OrganizationsService,
} from '../organizations/index.js';
import { EvidenceReport } from './evidence.types.js';
import { checkRange, MAX_HISTORY_POINTS, pointAt, queryComplianceHistory } from './history.query.js';
import { ComplianceHistory, CompliancePoint, HistoryResolution, policyActions, resolutionMs } from './history.types.js';

/** The policy's changes an evidence report lists: the requirement, its plan, the accepted methods. */
const policyChangeActions: AuditAction[] = [...policyActions, AuditAction.NEW_MEMBER_WINDOW_CHANGED, AuditAction.REMINDER_OFFSETS_CHANGED];

/** What an evidence report lists as resets and lockouts. */
const resetAndLockoutActions: AuditAction[] = [
  AuditAction.SECOND_FACTORS_RESET,
  AuditAction.SECOND_FACTOR_LOCKED,
  AuditAction.PROOFS_RATE_LIMITED,
];

export interface ComplianceHistoryResolverDeps {
  clock: Clock;
}

/** The organization's compliance history and its evidence report (read from the recorded points and the audit log). */
@Resolver(() => OrganizationNode)
export class ComplianceHistoryResolver {
  constructor(private readonly deps: ComplianceHistoryResolverDeps) {}

  @FieldResolver(() => ComplianceHistory, {
    description: `How compliance moved over [from, to): the last point of each minute, hour or day (UTC), with the policy changes as \`markers\`. At most ${MAX_HISTORY_POINTS} steps.`,
  })
  @Integration(Scope.MEMBERS_READ)
  async complianceHistory(
    @Root() organization: OrganizationNode,
    @Ctx() { em, principal }: Context,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('resolution', () => HistoryResolution, { defaultValue: HistoryResolution.HOUR }) resolution: HistoryResolution,
  ): Promise<ComplianceHistory> {
    await authorize(em, principal, organization.id, Permission.READ_MEMBERS);
    return queryComplianceHistory(em, organization.id, { from, to, resolution });
  }

  @FieldResolver(() => EvidenceReport, {
    description:
      'The evidence report for [from, to): for administrators, or a token with both `audit:read` and `members:read`. The console prints it (security settings, “Evidence report”).',
  })
  @Integration(Scope.AUDIT_READ)
  async evidenceReport(
    @Root() organization: OrganizationNode,
    @Ctx() { em, principal }: Context,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
  ): Promise<EvidenceReport> {
    await authorize(em, principal, organization.id, Permission.READ_AUDIT);
    await authorize(em, principal, organization.id, Permission.READ_MEMBERS);
    checkRange(from, to, finestFitting(from, to));
    return { organizationId: organization.id, from, to, generatedAt: this.deps.clock.now() };
  }
}

@Resolver(() => ComplianceHistory)
export class ComplianceHistoryMarkersResolver {
  @FieldResolver(() => [AuditLogEntryType], {
    description:
      'The policy changes in the range, oldest first: the requirement switched on or off, scheduled or its date cancelled, the accepted methods changed (at most 500). Needs `audit:read` of a token.',
  })
  @Integration(Scope.AUDIT_READ)
  async markers(@Root() history: ComplianceHistory, @Ctx() { em, principal }: Context): Promise<AuditLogEntryType[]> {
    await authorize(em, principal, history.organizationId, Permission.READ_AUDIT);
    const page = await queryAuditLog(em, history.organizationId, 500, null, {
      actions: [...policyActions],
      from: history.from,
      to: history.to,
    });
    return page.edges.map((edge) => edge.node).reverse();
  }
}

@Resolver(() => EvidenceReport)
export class EvidenceReportResolver {
  constructor(private readonly deps: { members: MembersService; organizations: OrganizationsService }) {}

  @FieldResolver()
  generatedBy(@Root() report: EvidenceReport, @Ctx() { em, principal }: Context): Promise<ActorRef> {
    return actorOf(em, principal, report.organizationId);
  }

  @FieldResolver()
  policy(@Root() report: EvidenceReport, @Ctx() { em }: Context): Promise<SecurityPolicy> {
    return this.deps.organizations.policy(em, report.organizationId);
  }

  @FieldResolver()
  atStart(@Root() report: EvidenceReport, @Ctx() { em }: Context): Promise<CompliancePoint | null> {
    return pointAt(em, report.organizationId, report.from);
  }

  @FieldResolver()
  atEnd(@Root() report: EvidenceReport, @Ctx() { em }: Context): Promise<CompliancePoint | null> {
    return pointAt(em, report.organizationId, report.to);
  }

  @FieldResolver()
  history(@Root() report: EvidenceReport, @Ctx() { em }: Context): Promise<ComplianceHistory> {
    const { organizationId, from, to } = report;
    return queryComplianceHistory(em, organizationId, { from, to, resolution: finestFitting(from, to) });
  }

  @FieldResolver(() => AuditLogConnection, {
    description:
      'Changes of the policy in the range (requirement, plan, new members’ window, reminders, accepted methods) with who made them, newest first.',
  })
  policyChanges(
    @Root() report: EvidenceReport,
    @Ctx() { em }: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AuditLogConnection> {
    return entriesIn(em, report, policyChangeActions, first, after);
  }

  @FieldResolver(() => AuditLogConnection, {
    description: 'Second factors reset by administrators, and accounts locked after failed codes or proofs, in the range, newest first.',
  })
  resetsAndLockouts(
    @Root() report: EvidenceReport,
    @Ctx() { em }: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AuditLogConnection> {
    return entriesIn(em, report, resetAndLockoutActions, first, after);
  }

  @FieldResolver(() => MemberConnection, { description: 'The members exempt now, with the exemption’s reason, expiry and who granted it.' })
  exemptions(
    @Root() report: EvidenceReport,
    @Ctx() { em }: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<MemberConnection> {
    return this.deps.members.list(em, report.organizationId, { first: pageSize(first), after, filter: { compliance: Compliance.EXEMPT } });
  }

  @FieldResolver(() => MemberConnection, {
    description:
      'Every member without a method the organization accepts, now, with their state (exempt, in their window, non-compliant, blocked).',
  })
  membersWithoutTwoFactor(
    @Root() report: EvidenceReport,
    @Ctx() { em }: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<MemberConnection> {
    return this.deps.members.list(em, report.organizationId, {
      first: pageSize(first),
      after,
      filter: { twoFactor: TwoFactorStatus.DISABLED },
    });
  }
}

/** A page of the organization's audit entries of these actions within the report's range. */
function entriesIn(
  em: Context['em'],
  report: EvidenceReport,
  actions: AuditAction[],
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<AuditLogConnection> {
  return queryAuditLog(em, report.organizationId, pageSize(first), after, { actions, from: report.from, to: report.to });
}

/** The finest resolution whose steps over the range stay within the limit. */
function finestFitting(from: Date, to: Date): HistoryResolution {
  const span = to.getTime() - from.getTime();
  const fits = (Object.keys(resolutionMs) as HistoryResolution[]).find((r) => span / resolutionMs[r] <= MAX_HISTORY_POINTS);
  return fits ?? HistoryResolution.DAY;
}

/** Who is asking, as the report names them. */
async function actorOf(em: Context['em'], principal: Principal, organizationId: string): Promise<ActorRef> {
  if (principal.kind === 'session')
    return { userId: principal.userId, tokenId: null, name: (await displayNameOf(em, principal.userId)) ?? '' };
  if (principal.kind === 'integration')
    return { userId: null, tokenId: principal.tokenId, name: (await tokenNameOf(em, organizationId, principal.tokenId)) ?? '' };
  return { userId: null, tokenId: null, name: '' };
}

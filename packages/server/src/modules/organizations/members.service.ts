import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, Limits, MemberColumn, MembershipKind, Role, type Compliance } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { badInput, DomainError, validId } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { MailQueue } from '../../core/mail/index.js';
import type { SessionService } from '../accounts/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import type { TwoFactorService } from '../two-factor/index.js';
import { complianceColumns, memberColumns, queryMembers } from './members.query.js';
import { toMember, type MemberRow } from './member-row.js';
import type { Member, MemberConnection, MemberFilter, MemberOrder, SecuritySummary } from './members.types.js';
import { complianceSql, refuseSelf, requireCanManageRole, requireOwnTwoFactor, type OrganizationActor } from '../access/index.js';

export const ALERT_INTERVAL_MS = Limits.alertIntervalHours * 3600_000;
const defaultColumns: MemberColumn[] = [
  MemberColumn.NAME,
  MemberColumn.EMAIL,
  MemberColumn.ROLE,
  MemberColumn.KIND,
  MemberColumn.SECURITY,
  MemberColumn.LAST_ALERTED,
];

interface Deps {
  clock: Clock;
  audit: AuditService;
  events: DomainEvents;
  mail: MailQueue;
  sessions: SessionService;
  twoFactor: TwoFactorService;
}

/** Members of an organization: the list, the summary, roles, removal, leaving and resets. */
export class MembersService {
  constructor(private readonly deps: Deps) {}

  list(
    em: EntityManager,
    organizationId: string,
    options: { first: number; after?: string | null; filter?: MemberFilter | null; orderBy?: MemberOrder | null },
  ): Promise<MemberConnection> {
    return queryMembers(em, organizationId, { ...options, alertIntervalMs: ALERT_INTERVAL_MS, now: this.deps.clock.now() });
  }

  async get(em: EntityManager, organizationId: string, userId: string): Promise<Member> {
    const [row] = await sql<MemberRow>(
      em,
      `select ${memberColumns} from membership m join "user" u on u.id = m.user_id where m.organization_id = ? and m.user_id = ?`,
      [organizationId, validId(userId, 'userId')],
    );
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Member not found');
    return toMember(row, ALERT_INTERVAL_MS, this.deps.clock.now());
  }

  /** Counts in one statement, grouped by role, kind and compliance (the access module's rule, in SQL). */
  async summary(em: EntityManager, organizationId: string): Promise<SecuritySummary> {
    const compliance = complianceSql(complianceColumns, this.deps.clock.now());
    const rows = await sql<{ role: Role; kind: MembershipKind; compliance: Compliance; count: string }>(
      em,
      `select m.role, m.kind, ${compliance.sql} as compliance, count(*) as count
       from membership m join "user" u on u.id = m.user_id where m.organization_id = ? group by 1, 2, 3`,
      [...compliance.params, organizationId],
    );
    const tally = (pick: (r: (typeof rows)[number]) => boolean) => {
      const picked = rows.filter(pick);
      const count = (state: Compliance): number => picked.filter((r) => r.compliance === state).reduce((n, r) => n + Number(r.count), 0);
      const members = picked.reduce((n, r) => n + Number(r.count), 0);
      const withTwoFactor = count('COMPLIANT');
      return {
        members,
        withTwoFactor,
        withoutTwoFactor: members - withTwoFactor,
        exempt: count('EXEMPT'),
        inWindow: count('IN_WINDOW'),
        nonCompliant: count('NON_COMPLIANT'),
      };
    };
    const total = tally(() => true);
    const counted = total.members - total.exempt;
    return {
      ...total,
      compliancePercent: counted === 0 ? 100 : Math.floor((total.withTwoFactor * 100) / counted),
      byRole: Object.values(Role).map((role) => ({ key: role, ...tally((r) => r.role === role) })),
      byKind: Object.values(MembershipKind).map((kind) => ({ key: kind, ...tally((r) => r.kind === kind) })),
    };
  }

  async columns(em: EntityManager, actor: OrganizationActor): Promise<MemberColumn[]> {
    if (!actor.userId) return defaultColumns;
    const [row] = await sql<{ member_list_columns: MemberColumn[] | null }>(
      em,
      `select member_list_columns from membership where organization_id = ? and user_id = ?`,
      [actor.organizationId, actor.userId],
    );
    return row?.member_list_columns ?? defaultColumns;
  }

  async setColumns(em: EntityManager, actor: OrganizationActor, columns: MemberColumn[]): Promise<MemberColumn[]> {
    const unique = [...new Set(columns)];
    if (unique.length !== columns.length) throw badInput('columns', 'Each column may appear once.');
    if (!unique.includes(MemberColumn.NAME)) throw badInput('columns', 'The name column is always shown.');
    await sql(em, `update membership set member_list_columns = ?::jsonb where organization_id = ? and user_id = ?`, [
      JSON.stringify(unique),
      actor.organizationId,
      actor.userId,
    ]);
    return unique;
  }

  async changeRole(em: EntityManager, actor: OrganizationActor, userId: string, role: Role): Promise<Member> {
    const target = validId(userId, 'userId');
    await em.transactional(async (tx) => {
      const actorRole = await this.lockForRoles(tx, actor);
      const current = await this.lockedMember(tx, actor.organizationId, target);
      requireCanManageRole(actorRole, [current.role, role], 'Only a legal representative grants or takes the legal-representative role.');
      if (current.role === role) return;
      if (current.role === Role.LEGAL_REPRESENTATIVE) await this.keepOneLegalRepresentative(tx, actor.organizationId, target);
      await sql(tx, `update membership set role = ? where organization_id = ? and user_id = ?`, [role, actor.organizationId, target]);
      this.deps.audit.record(tx, {
        organizationId: actor.organizationId,
        action: AuditAction.ROLE_CHANGED,
        actor: actor.audit,
        targetUserId: target,
        data: { from: current.role, to: role },
      });
    });
    this.deps.events.publish({
      type: 'memberSecurityChanged',
      organizationIds: [actor.organizationId],
      userId: target,
      change: 'ROLE_CHANGED',
    });
    return this.get(em, actor.organizationId, target);
  }

  async remove(em: EntityManager, actor: OrganizationActor, userId: string): Promise<void> {
    const target = validId(userId, 'userId');
    await em.transactional(async (tx) => {
      const actorRole = await this.lockForRoles(tx, actor);
      const current = await this.lockedMember(tx, actor.organizationId, target);
      requireCanManageRole(actorRole, [current.role], 'Only a legal representative removes a legal representative.');
      if (current.role === Role.LEGAL_REPRESENTATIVE) await this.keepOneLegalRepresentative(tx, actor.organizationId, target);
      await sql(tx, `delete from membership where organization_id = ? and user_id = ?`, [actor.organizationId, target]);
      this.deps.audit.record(tx, {
        organizationId: actor.organizationId,
        action: AuditAction.MEMBER_REMOVED,
        actor: actor.audit,
        targetUserId: target,
        data: { role: current.role, kind: current.kind },
      });
    });
    this.deps.events.publish({ type: 'memberSecurityChanged', organizationIds: [actor.organizationId], userId: target, change: 'REMOVED' });
    this.deps.events.publish({ type: 'accessChanged', userIds: [target] });
  }

  /** An EXTERNAL member leaves; an INTERNAL one is refused. The block lifts once no organization requires 2FA. */
  async leave(em: EntityManager, actor: OrganizationActor): Promise<void> {
    const userId = actor.userId!;
    if (actor.kind !== MembershipKind.EXTERNAL) {
      throw new DomainError(ErrorCode.MEMBERSHIP_KIND, 'Only external members may leave; ask an administrator to remove you.');
    }
    await em.transactional(async (tx) => {
      await this.lockForRoles(tx, actor);
      const current = await this.lockedMember(tx, actor.organizationId, userId);
      if (current.role === Role.LEGAL_REPRESENTATIVE) await this.keepOneLegalRepresentative(tx, actor.organizationId, userId);
      await sql(tx, `delete from membership where organization_id = ? and user_id = ?`, [actor.organizationId, userId]);
      this.deps.audit.record(tx, {
        organizationId: actor.organizationId,
        action: AuditAction.MEMBER_LEFT,
        actor: actor.audit,
        targetUserId: userId,
      });
    });
    this.deps.events.publish({ type: 'memberSecurityChanged', organizationIds: [actor.organizationId], userId, change: 'LEFT' });
    this.deps.events.publish({ type: 'accessChanged', userIds: [userId] });
  }

  /**
   * Resets an INTERNAL member's second factors (lost phone). The actor's fresh proof is checked by
   * the caller. The member's sessions end and they are told; while the requirement is on they are
   * blocked again at their next action.
   */
  async resetSecondFactors(em: EntityManager, actor: OrganizationActor, userId: string): Promise<Member> {
    const target = validId(userId, 'userId');
    refuseSelf(actor, target, 'Reset your own second factor from your account page.');
    requireOwnTwoFactor(actor, 'resetting a member’s second factors');
    const ended = await em.transactional(async (tx) => {
      const actorRole = await this.lockForRoles(tx, actor);
      const current = await this.lockedMember(tx, actor.organizationId, target);
      if (current.kind !== MembershipKind.INTERNAL) {
        throw new DomainError(
          ErrorCode.MEMBERSHIP_KIND,
          'An external member’s second factors protect their other organizations too; only they can change them.',
        );
      }
      requireCanManageRole(actorRole, [current.role], 'Only a legal representative resets a legal representative.');
      await this.deps.twoFactor.resetAll(tx, target);
      const [user] = await sql<{ email: string; display_name: string }>(tx, `select email, display_name from "user" where id = ?`, [
        target,
      ]);
      const [by] = await sql<{ display_name: string }>(tx, `select display_name from "user" where id = ?`, [actor.userId]);
      this.deps.mail.queue(tx, {
        to: user!.email,
        template: 'second-factor-reset',
        data: { name: user!.display_name, by: by?.display_name ?? 'An administrator', organization: actor.organizationName },
      });
      await tx.flush();
      this.deps.audit.record(tx, {
        organizationId: actor.organizationId,
        action: AuditAction.SECOND_FACTORS_RESET,
        actor: actor.audit,
        targetUserId: target,
      });
      // The member's other organizations see the reset too, as their home organization's act:
      // which of its administrators did it is the home organization's business.
      await this.deps.audit.recordForMemberships(
        tx,
        target,
        AuditAction.SECOND_FACTORS_RESET,
        {},
        { homeOrganizationId: actor.organizationId, homeOrganizationName: actor.organizationName },
        { exceptOrganizationId: actor.organizationId },
      );
      return this.deps.sessions.revokeAll(tx, target);
    });
    this.deps.mail.wake();
    const organizations = await sql<{ organization_id: string }>(em, `select organization_id from membership where user_id = ?`, [target]);
    this.deps.events.publish({ type: 'sessionsRevoked', sessionIds: ended });
    this.deps.events.publish({
      type: 'memberSecurityChanged',
      organizationIds: organizations.map((o) => o.organization_id),
      userId: target,
      change: 'RESET',
    });
    this.deps.events.publish({ type: 'accessChanged', userIds: [target] });
    return this.get(em, actor.organizationId, target);
  }

  /**
   * Audits a block once per episode: the first refusal after the requirement took effect (or
   * after the member lost their last method) marks the membership and writes MEMBER_BLOCKED, in
   * each organization that blocks them (the gate's list).
   */
  async recordBlock(em: EntityManager, userId: string, organizationIds: readonly string[]): Promise<void> {
    if (organizationIds.length === 0) return;
    await em.transactional(async (tx) => {
      const marked = await sql<{ organization_id: string }>(
        tx,
        `update membership m set blocked_at = ? from organization o
         where m.organization_id = o.id and m.user_id = ? and o.id = any(?::uuid[])
           and (m.blocked_at is null or m.blocked_at < coalesce(o.policy_changed_at, o.required_from))
         returning m.organization_id`,
        [this.deps.clock.now(), userId, `{${organizationIds.join(',')}}`],
      );
      await this.deps.audit.recordInEach(
        tx,
        marked.map((row) => row.organization_id),
        { action: AuditAction.MEMBER_BLOCKED, actor: {}, targetUserId: userId },
      );
    });
  }

  /** A block episode ends when the member has a method again (two-factor tells, in its transaction). */
  async endBlockEpisodes(tx: EntityManager, userId: string): Promise<void> {
    const ended = await sql<{ organization_id: string }>(
      tx,
      `update membership set blocked_at = null where user_id = ? and blocked_at is not null returning organization_id::text`,
      [userId],
    );
    // "Member unblocked" beside "Member blocked", in each organization whose block episode ended.
    await this.deps.audit.recordInEach(
      tx,
      ended.map((row) => row.organization_id),
      { action: AuditAction.MEMBER_UNBLOCKED, actor: { userId }, targetUserId: userId },
    );
  }

  /**
   * Role changes, removals, departures and resets of one organization take its row first, always
   * in this order (organization, then memberships): two legal representatives demoting each other
   * at once wait for one another instead of deadlocking. `no key update` leaves joining (a foreign
   * key's `key share`) free. Returns the actor's role as it is now, under the lock: a role lost a
   * moment ago counts (SECURITY.md 31). Integration tokens hold no role.
   */
  private async lockForRoles(tx: EntityManager, actor: OrganizationActor): Promise<Role | null> {
    await sql(tx, `select id from organization where id = ? for no key update`, [actor.organizationId]);
    if (!actor.userId) return null;
    const [row] = await sql<{ role: Role }>(tx, `select role from membership where organization_id = ? and user_id = ?`, [
      actor.organizationId,
      actor.userId,
    ]);
    return row?.role ?? null;
  }

  private async lockedMember(tx: EntityManager, organizationId: string, userId: string): Promise<{ role: Role; kind: MembershipKind }> {
    const [row] = await sql<{ role: Role; kind: MembershipKind }>(
      tx,
      `select role, kind from membership where organization_id = ? and user_id = ? for update`,
      [organizationId, userId],
    );
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Member not found');
    return row;
  }

  /** Refuses to take away the last legal representative; locks them all so two requests cannot both pass. */
  private async keepOneLegalRepresentative(tx: EntityManager, organizationId: string, leaving: string): Promise<void> {
    const others = await sql(tx, `select user_id from membership where organization_id = ? and role = ? and user_id <> ? for update`, [
      organizationId,
      Role.LEGAL_REPRESENTATIVE,
      leaving,
    ]);
    if (others.length === 0)
      throw new DomainError(ErrorCode.LAST_LEGAL_REPRESENTATIVE, 'An organization keeps at least one legal representative.');
  }
}

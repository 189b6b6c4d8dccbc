import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, Limits, type Role } from '@twostep/shared';
import { aYearAfter, type Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { badInput, DomainError, validId } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import { mailDate, type MailQueue } from '../../core/mail/index.js';
import { mailLegalRepresentatives } from './protection-mails.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { requireCanExempt, requireOwnTwoFactor, type OrganizationActor } from '../access/index.js';

/**
 * Exemptions from an organization's requirement: one open per member, with a reason and an expiry
 * at most a year ahead. An exempt member is not blocked *by this organization*; the access
 * module's compliance compares the expiry with the clock at each request, and the rollout sweeper
 * records the expiry (`expireDue`). Owns the `exemption` table.
 */
export class ExemptionsService {
  constructor(private readonly deps: { clock: Clock; audit: AuditService; events: DomainEvents; mail: Pick<MailQueue, 'queue'> }) {}

  /** Exempts a member until `expiresAt`, replacing an open exemption (its reason and expiry). */
  async exempt(em: EntityManager, actor: OrganizationActor, userId: string, reason: string, expiresAt: Date): Promise<void> {
    const target = validId(userId, 'userId');
    const why = typeof reason === 'string' ? reason.trim() : '';
    if (why.length === 0 || why.length > Limits.maxExemptionReasonLength)
      throw badInput('reason', `Give a reason of 1 to ${Limits.maxExemptionReasonLength} characters.`);
    const now = this.deps.clock.now();
    if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) throw badInput('expiresAt', 'This is not a date.');
    if (expiresAt <= now) throw badInput('expiresAt', 'Choose an expiry in the future.');
    if (expiresAt > aYearAfter(now)) throw badInput('expiresAt', 'An exemption lasts at most a year.');
    requireOwnTwoFactor(actor, 'exempting a member');
    await em.transactional(async (tx) => {
      const { role, name } = await this.member(tx, actor.organizationId, target);
      requireCanExempt(actor, { userId: target, role });
      await sql(
        tx,
        `update exemption set ended_at = ?, end_reason = 'REPLACED', ended_by = ?, ended_by_token_id = ?
         where organization_id = ? and user_id = ? and ended_at is null`,
        [now, actor.userId, actor.tokenId, actor.organizationId, target],
      );
      await sql(
        tx,
        `insert into exemption (id, organization_id, user_id, reason, expires_at, created_by, created_by_token_id, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
        [randomUUID(), actor.organizationId, target, why, expiresAt, actor.userId, actor.tokenId, now],
      );
      this.deps.audit.record(tx, {
        organizationId: actor.organizationId,
        action: AuditAction.EXEMPTION_CREATED,
        actor: actor.audit,
        targetUserId: target,
        data: { reason: why, expiresAt: expiresAt.toISOString() },
      });
      await mailLegalRepresentatives(tx, this.deps.mail, {
        organizationId: actor.organizationId,
        organizationName: actor.organizationName,
        headline: 'a member was exempted from two-step verification',
        change: `${name} was exempted from the two-step verification requirement until ${mailDate(expiresAt)}. Reason: ${why}`,
        by: actor.personName ?? 'an API token with policy:write',
      });
      await tx.flush();
    });
    this.publish(actor.organizationId, target, 'EXEMPTED');
  }

  /** Ends a member's open exemption early (NOT_FOUND when there is none). */
  async revoke(em: EntityManager, actor: OrganizationActor, userId: string): Promise<void> {
    const target = validId(userId, 'userId');
    requireOwnTwoFactor(actor, 'revoking an exemption');
    const now = this.deps.clock.now();
    await em.transactional(async (tx) => {
      const { role } = await this.member(tx, actor.organizationId, target);
      requireCanExempt(actor, { userId: target, role });
      const ended = await sql(
        tx,
        `update exemption set ended_at = ?, end_reason = 'REVOKED', ended_by = ?, ended_by_token_id = ?
         where organization_id = ? and user_id = ? and ended_at is null and expires_at > ? returning id`,
        [now, actor.userId, actor.tokenId, actor.organizationId, target, now],
      );
      if (ended.length === 0) throw new DomainError(ErrorCode.NOT_FOUND, 'This member has no running exemption.');
      this.deps.audit.record(tx, {
        organizationId: actor.organizationId,
        action: AuditAction.EXEMPTION_REVOKED,
        actor: actor.audit,
        targetUserId: target,
      });
      await tx.flush();
    });
    this.publish(actor.organizationId, target, 'EXEMPTION_ENDED');
  }

  /**
   * Records, once, the exemptions that ran out (the rollout sweeper's round): each row is taken by
   * one statement (`skip locked`), through the partial index `exemption_due`.
   */
  async expireDue(tx: EntityManager, now: Date, limit: number): Promise<{ organizationId: string; userId: string }[]> {
    const rows = await sql<{ organization_id: string; user_id: string; expires_at: Date }>(
      tx,
      `with due as (select id from exemption where ended_at is null and expires_at <= ? order by expires_at limit ? for update skip locked)
       update exemption e set ended_at = e.expires_at, end_reason = 'EXPIRED' from due where e.id = due.id
       returning e.organization_id::text, e.user_id::text, e.expires_at`,
      [now, limit],
    );
    for (const row of rows) {
      this.deps.audit.record(tx, {
        organizationId: row.organization_id,
        action: AuditAction.EXEMPTION_EXPIRED,
        actor: {},
        targetUserId: row.user_id,
        data: { expiresAt: new Date(row.expires_at).toISOString() },
      });
    }
    return rows.map((r) => ({ organizationId: r.organization_id, userId: r.user_id }));
  }

  /**
   * Three days before an exemption ends, once (`warned_at`, through `exemption_warning_due`): the
   * member and the organization's administrators and legal representatives are mailed, in the
   * sweeper's transaction.
   */
  async warnEnding(tx: EntityManager, now: Date, limit: number): Promise<number> {
    const rows = await sql<{ id: string; organization_id: string; user_id: string; expires_at: Date; reason: string }>(
      tx,
      `with due as (select id from exemption where ended_at is null and warned_at is null and expires_at > ? and expires_at <= ?
                    order by expires_at limit ? for update skip locked)
       update exemption e set warned_at = ? from due where e.id = due.id
       returning e.id, e.organization_id::text, e.user_id::text, e.expires_at, e.reason`,
      [now, new Date(now.getTime() + 3 * 86_400_000), limit, now],
    );
    for (const row of rows) {
      const people = await sql<{
        user_id: string;
        email: string;
        display_name: string;
        role: Role;
        organization: string;
        time_zone: string;
      }>(
        tx,
        `select u.id as user_id, u.email, u.display_name, m.role, o.name as organization, o.time_zone
         from membership m join "user" u on u.id = m.user_id join organization o on o.id = m.organization_id
         where m.organization_id = ? and (m.user_id = ? or m.role in ('LEGAL_REPRESENTATIVE', 'ADMINISTRATOR'))`,
        [row.organization_id, row.user_id],
      );
      const member = people.find((p) => p.user_id === row.user_id);
      if (!member) continue;
      const until = mailDate(new Date(row.expires_at), member.time_zone);
      for (const person of people) {
        const forMember = person.user_id === row.user_id;
        this.deps.mail.queue(tx, {
          to: person.email,
          template: 'exemption-ending',
          concerning: { organizationId: row.organization_id, userId: person.user_id },
          data: {
            name: person.display_name,
            organization: member.organization,
            member: member.display_name,
            until,
            reason: row.reason,
            forMember,
          },
        });
      }
      this.deps.audit.record(tx, {
        organizationId: row.organization_id,
        action: AuditAction.EXEMPTION_ENDING,
        actor: {},
        targetUserId: row.user_id,
        data: { expiresAt: new Date(row.expires_at).toISOString() },
      });
    }
    return rows.length;
  }

  private async member(tx: EntityManager, organizationId: string, userId: string): Promise<{ role: Role; name: string }> {
    const [row] = await sql<{ role: Role; name: string }>(
      tx,
      `select m.role, u.display_name as name from membership m join "user" u on u.id = m.user_id
       where m.organization_id = ? and m.user_id = ? for key share of m`,
      [organizationId, userId],
    );
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Member not found');
    return row;
  }

  private publish(organizationId: string, userId: string, change: 'EXEMPTED' | 'EXEMPTION_ENDED'): void {
    this.deps.events.publish({ type: 'memberSecurityChanged', organizationIds: [organizationId], userId, change });
    this.deps.events.publish({ type: 'accessChanged', userIds: [userId] });
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { AuditEvent } from './audit-event.entity.js';
import type { AuditAction } from './audit-action.js';

export interface Actor {
  userId?: string | null;
  tokenId?: string | null;
}

export interface AuditRecord {
  organizationId: string | null;
  action: AuditAction;
  actor: Actor;
  targetUserId?: string | null;
  data?: Record<string, unknown>;
}

/** Writes the audit log, always in the caller's unit of work or transaction. */
export class AuditService {
  /** `organizationIdsOf` is the organizations module's answer (audit does not import it: it builds on audit). */
  constructor(
    private readonly clock: Clock,
    private readonly organizationIdsOf: (em: EntityManager, userId: string) => Promise<string[]>,
  ) {}

  record(em: EntityManager, record: AuditRecord): void {
    em.persist(
      em.create(AuditEvent, {
        organizationId: record.organizationId,
        action: record.action,
        actorUserId: record.actor.userId ?? null,
        actorTokenId: record.actor.tokenId ?? null,
        targetUserId: record.targetUserId ?? null,
        data: record.data ?? {},
        at: this.clock.now(),
      }),
    );
  }

  /**
   * An account-level event (a member's own 2FA change, a lockout), written once into the log of
   * each organization the user belongs to (two statements: which organizations, then the entries).
   */
  async recordForMemberships(
    em: EntityManager,
    userId: string,
    action: AuditAction,
    actor: Actor,
    data: Record<string, unknown> = {},
    options: { exceptOrganizationId?: string } = {},
  ): Promise<void> {
    const organizationIds = (await this.organizationIdsOf(em, userId)).filter((id) => id !== options.exceptOrganizationId);
    await this.recordInEach(em, organizationIds, { action, actor, targetUserId: userId, data });
  }

  /** The same event about one person in each of several organizations, in one statement. */
  async recordInEach(em: EntityManager, organizationIds: readonly string[], record: Omit<AuditRecord, 'organizationId'>): Promise<void> {
    if (organizationIds.length === 0) return;
    await sql(
      em,
      `insert into audit_event (organization_id, action, actor_user_id, actor_token_id, target_user_id, data, at)
       select unnest(?::uuid[]), ?, ?, ?, ?, ?::jsonb, ?`,
      [
        `{${organizationIds.join(',')}}`,
        record.action,
        record.actor.userId ?? null,
        record.actor.tokenId ?? null,
        record.targetUserId ?? null,
        JSON.stringify(record.data ?? {}),
        this.clock.now(),
      ],
    );
  }
}

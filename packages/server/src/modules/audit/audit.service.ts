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
  constructor(private readonly clock: Clock) {}

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
   * each organization the user belongs to, in one statement.
   */
  async recordForMemberships(
    em: EntityManager,
    userId: string,
    action: AuditAction,
    actor: Actor,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await sql(
      em,
      `insert into audit_event (organization_id, action, actor_user_id, actor_token_id, target_user_id, data, at)
       select m.organization_id, ?, ?, ?, ?, ?::jsonb, ? from membership m where m.user_id = ?`,
      [action, actor.userId ?? null, actor.tokenId ?? null, userId, JSON.stringify(data), this.clock.now(), userId],
    );
  }
}

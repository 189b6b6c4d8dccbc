import type { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { DomainError } from '../../core/errors.js';
import { AuditAction, type AuditService } from '../audit/index.js';

/** Failed attempts before the account locks; each further failure doubles the lock (30 s … 1 h). */
export const FREE_ATTEMPTS = 5;

/**
 * The account's count of second-factor attempts, kept in the database (every instance and restart
 * shares it): codes, recovery codes and security keys' answers all pay for each try.
 */
export class FactorAttempts {
  constructor(private readonly deps: { orm: MikroORM; clock: Clock; audit: AuditService }) {}

  /** Whether the user is locked out now, and until when. */
  async lockedUntil(em: EntityManager, userId: string): Promise<Date | null> {
    const rows = await sql<{ factor_locked_until: Date | null }>(em, `select factor_locked_until from "user" where id = ?`, [userId]);
    const until = rows[0]?.factor_locked_until;
    return until && new Date(until) > this.deps.clock.now() ? new Date(until) : null;
  }

  /**
   * Counts one attempt before anything is checked, outside the caller's transaction so that it
   * stays counted when the attempt fails. From the FREE_ATTEMPTS-th on, the account locks for a
   * doubling period; while locked, attempts are refused without being checked.
   */
  async count(userId: string): Promise<void> {
    const now = this.deps.clock.now();
    const em = this.deps.orm.em.fork();
    const rows = await sql<{ factor_failures: number }>(
      em,
      `update "user" set factor_failures = factor_failures + 1,
         factor_locked_until = case when factor_failures + 1 >= ?
           then ?::timestamptz + make_interval(secs => least(3600, 30 * power(2, factor_failures + 1 - ?)))
           else factor_locked_until end
       where id = ? and (factor_locked_until is null or factor_locked_until <= ?)
       returning factor_failures`,
      [FREE_ATTEMPTS, now, FREE_ATTEMPTS, userId, now],
    );
    const row = rows[0];
    if (!row) {
      const until = (await this.lockedUntil(em, userId)) ?? now;
      throw new DomainError(ErrorCode.LOCKED_OUT, 'Too many attempts. Try again later.', { retryAt: until.toISOString() });
    }
    if (row.factor_failures === FREE_ATTEMPTS) {
      await this.deps.audit.recordForMemberships(
        em,
        userId,
        AuditAction.SECOND_FACTOR_LOCKED,
        { userId },
        { failures: row.factor_failures },
      );
    }
  }

  /**
   * The answer to a failed attempt: `error` (INVALID_CODE for a wrong code, KEY_REFUSED for a key),
   * or LOCKED_OUT with the time to retry when this failure locked the account, so that the person
   * learns the wait at once.
   */
  async refuse(userId: string, error: DomainError = new DomainError(ErrorCode.INVALID_CODE, 'That code is not valid.')): Promise<never> {
    const until = await this.lockedUntil(this.deps.orm.em.fork(), userId);
    if (until) throw new DomainError(ErrorCode.LOCKED_OUT, 'Too many attempts. Try again later.', { retryAt: until.toISOString() });
    throw error;
  }

  async clear(userId: string): Promise<void> {
    await sql(this.deps.orm.em.fork(), `update "user" set factor_failures = 0, factor_locked_until = null where id = ?`, [userId]);
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../database/sql.js';
import type { Clock } from '../clock.js';

export interface RateDecision {
  allowed: boolean;
  /** Hits in the current window, this one included (the first refusal is `limit + 1`). */
  count: number;
  /** When the current window ends. */
  retryAt: Date;
}

/**
 * Fixed-window counters in PostgreSQL, so that every instance and a restart share them. One
 * statement per check: the upsert resets an expired window and counts this hit atomically.
 */
export class RateLimiter {
  constructor(private readonly clock: Clock) {}

  async hit(em: EntityManager, key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = this.clock.now();
    const windowFloor = new Date(now.getTime() - windowMs);
    const rows = await sql<{ window_start: Date; count: number }>(
      em,
      `insert into rate_limit (key, window_start, count) values (?, ?, 1)
       on conflict (key) do update set
         window_start = case when rate_limit.window_start <= ? then excluded.window_start else rate_limit.window_start end,
         count = case when rate_limit.window_start <= ? then 1 else rate_limit.count + 1 end
       returning window_start, count`,
      [key, now, windowFloor, windowFloor],
    );
    const row = rows[0]!;
    const retryAt = new Date(new Date(row.window_start).getTime() + windowMs);
    return { allowed: row.count <= limit, count: row.count, retryAt };
  }

  async reset(em: EntityManager, key: string): Promise<void> {
    await sql(em, `delete from rate_limit where key = ?`, [key]);
  }
}

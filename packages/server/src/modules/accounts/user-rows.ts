import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../../core/database/sql.js';

/**
 * What other modules may read and write of the `"user"` and `session` tables, which accounts owns
 * (second-factor columns aside: see `user.entity.ts`). One statement each, in the caller's entity
 * manager or transaction.
 */

/** Whether any account exists (the demo seeds only an empty database). */
export async function anyAccount(em: EntityManager): Promise<boolean> {
  const [row] = await sql(em, `select 1 from "user" limit 1`);
  return row !== undefined;
}

/** A new account whose password is already hashed (the demo's forty accounts share one hash). */
export async function insertUser(
  tx: EntityManager,
  row: { id: string; email: string; displayName: string; passwordHash: string; createdAt: Date },
): Promise<void> {
  await sql(tx, `insert into "user" (id, email, display_name, password_hash, created_at) values (?, ?, ?, ?, ?)`, [
    row.id,
    row.email,
    row.displayName,
    row.passwordHash,
    row.createdAt,
  ]);
}

/** The account's display name, or undefined when there is no such account. */
export async function displayNameOf(em: EntityManager, userId: string): Promise<string | undefined> {
  const [row] = await sql<{ display_name: string }>(em, `select display_name from "user" where id = ?::uuid`, [userId]);
  return row?.display_name;
}

/** Which of these sessions still hold (not revoked, not expired). */
export async function liveSessions(em: EntityManager, sessionIds: readonly string[], now: Date): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await sql<{ id: string }>(
    em,
    `select id::text from session where id in (select jsonb_array_elements_text(?::jsonb)::uuid) and revoked_at is null and expires_at > ?`,
    [JSON.stringify(sessionIds), now],
  );
  return new Set(rows.map((r) => r.id));
}

/** The live sessions of each of these accounts (the audience of a live event). */
export async function liveSessionsOf(em: EntityManager, userIds: readonly string[], now: Date): Promise<Map<string, Set<string>>> {
  const sessions = new Map<string, Set<string>>(userIds.map((id) => [id, new Set<string>()]));
  if (userIds.length === 0) return sessions;
  const rows = await sql<{ id: string; user_id: string }>(
    em,
    `select id::text, user_id::text from session
     where user_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and revoked_at is null and expires_at > ?`,
    [JSON.stringify(userIds), now],
  );
  for (const row of rows) sessions.get(row.user_id)?.add(row.id);
  return sessions;
}

/**
 * Query objects for one statement that lists accounts beside their recent use (the lockout
 * preview): the clients an account used since `?` (a JSON array of `ClientKind`), and when it
 * last signed in on the web. `userIdColumn` names the account's id in the caller's query.
 */
export const recentUse = {
  clientsSince: (userIdColumn: string): string =>
    `coalesce((select json_agg(distinct s.client order by s.client) from session s
               where s.user_id = ${userIdColumn} and s.last_used_at > ?::timestamptz), '[]')`,
  lastWebSignIn: (userIdColumn: string): string =>
    `(select max(s.created_at) from session s where s.user_id = ${userIdColumn} and s.client = 'WEB')`,
};

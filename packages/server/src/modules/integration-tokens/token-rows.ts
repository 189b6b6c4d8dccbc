import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '@twostep/shared';
import { sql } from '../../core/database/sql.js';
import { isScope } from './validation.js';

/**
 * What other modules may read of the `integration_token` table, which this module owns. One
 * statement each; a token is live while it is neither revoked nor expired at `now`.
 */

/** Which of these tokens are still live. */
export async function liveTokens(em: EntityManager, tokenIds: readonly string[], now: Date): Promise<Set<string>> {
  if (tokenIds.length === 0) return new Set();
  const rows = await sql<{ id: string }>(
    em,
    `select id::text from integration_token where id in (select jsonb_array_elements_text(?::jsonb)::uuid)
       and revoked_at is null and (expires_at is null or expires_at > ?)`,
    [JSON.stringify(tokenIds), now],
  );
  return new Set(rows.map((r) => r.id));
}

/** The organization's live tokens with their scopes (the audience of a live event). */
export async function liveTokensOf(em: EntityManager, organizationId: string, now: Date): Promise<Map<string, ReadonlySet<Scope>>> {
  const rows = await sql<{ id: string; scopes: string[] | string }>(
    em,
    `select id::text, scopes from integration_token
     where organization_id = ? and revoked_at is null and (expires_at is null or expires_at > ?)`,
    [organizationId, now],
  );
  return new Map(rows.map((r) => [r.id, new Set(scopesOf(r.scopes))]));
}

/** The name of one of the organization's tokens (revoked ones too), or undefined. */
export async function tokenNameOf(em: EntityManager, organizationId: string, tokenId: string): Promise<string | undefined> {
  const [row] = await sql<{ name: string }>(em, `select name from integration_token where id = ?::uuid and organization_id = ?`, [
    tokenId,
    organizationId,
  ]);
  return row?.name;
}

/** Scopes as stored; a scope no longer known grants nothing. */
export function scopesOf(value: string[] | string): Scope[] {
  const list = Array.isArray(value)
    ? value
    : value
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean);
  return list.filter(isScope);
}

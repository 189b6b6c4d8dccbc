import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs raw SQL (`?` placeholders) inside the entity manager's current transaction, if any. Used
 * where one conditional statement says what the ORM would need several round trips for.
 */
export async function sql<T = Record<string, unknown>>(em: EntityManager, query: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(query, params, 'all', em.getTransactionContext());
}

import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs raw SQL (`?` placeholders) inside the entity manager's current transaction, if any. Used
 * where one conditional statement says what the ORM would need several round trips for.
 */
export async function sql<T = Record<string, unknown>>(em: EntityManager, query: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(query, params, 'all', em.getTransactionContext());
}

/** A PostgreSQL integer array as the driver returns it (an array, or its text form `{14,7,1}`). */
export function intArray(value: number[] | string): number[] {
  return Array.isArray(value) ? value.map(Number) : value.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}

/** A text[] column as the driver returns it (an array, or `{a,b}` text from a view or expression). */
export function textArray(value: string[] | string): string[] {
  return Array.isArray(value) ? value : value.replace(/[{}"]/g, '').split(',').filter(Boolean);
}

/** A nullable timestamp as the driver returns it (a Date, or text inside JSON). */
export function dateOrNull(value: Date | string | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}

/**
 * A fingerprint of every table's content (`md5` of its rows as text, in a stable order), for
 * properties that say "changes nothing". Every table of the schema is included unless it is
 * listed below with the reason it is meant to change on a refused request, so a new table is
 * covered without anyone remembering to add it.
 */
const excludedTables: Record<string, string> = {
  mikro_orm_migrations: 'the schema history',
  rate_limit: 'sign-in and reset counters count every attempt, refused ones included (SECURITY.md 20)',
};

const excludedColumns: Record<string, Record<string, string>> = {
  user: {
    factor_failures: 'every failed second-factor attempt counts (SECURITY.md 4)',
    factor_locked_until: 'the lock that follows from those counts',
  },
};

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, any>[]>;

export interface TableSnapshot {
  /** The tables and columns fingerprinted. */
  readonly tables: string[];
  take(): Promise<Record<string, string>>;
}

export async function tableSnapshot(query: Query): Promise<TableSnapshot> {
  const columns = await query(
    `select table_name, column_name from information_schema.columns
     where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table_name: table, column_name: column } of columns as { table_name: string; column_name: string }[]) {
    if (table in excludedTables || excludedColumns[table]?.[column]) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), column]);
  }
  const tables = [...byTable.keys()];
  const parts = tables.map((table) => {
    const list = byTable
      .get(table)!
      .map((c) => `"${c}"`)
      .join(', ');
    return `(select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) from (select ${list} from "${table}") t) as "${table}"`;
  });
  const sql = `select ${parts.join(',\n')}`;
  return {
    tables,
    async take() {
      const [row] = await query(sql);
      return row as Record<string, string>;
    },
  };
}

import pg from 'pg';

/** The machine's PostgreSQL (override with BENCH_PG_URL), where every run creates its own databases. */
export const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name, port) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (port) url.port = String(port);
  return url.toString();
}

async function admin(statement) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh database for one scenario; `drop()` removes it (connections included). */
export async function createDatabase(label) {
  const name = `twostep_bench_${label.replace(/[^a-z0-9]/gi, '_')}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
  await admin(`create database ${name}`);
  return {
    name,
    url: databaseUrl(name),
    async drop() {
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Removes databases of earlier runs that died before cleaning up. */
export async function dropStaleDatabases() {
  const { rows } = await admin(`select datname from pg_database where datname like 'twostep_bench_%'`);
  for (const { datname } of rows) {
    const pid = Number(/_(\d+)_[a-z0-9]+$/.exec(datname)?.[1]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) await admin(`drop database if exists ${datname} with (force)`);
  }
}

/** A small pool for the bench's own reads and writes (baselines, polling). */
export function pool(url, max = 4) {
  return new pg.Pool({ connectionString: url, max });
}

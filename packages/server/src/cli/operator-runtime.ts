import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { systemClock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { clusterDir, startEmbeddedDatabase } from '../core/database/embedded.js';
import { sql } from '../core/database/sql.js';
import { migrate } from '../core/database/orm.js';
import { openDatabase } from '../composition/database.js';
import { mailDelivery } from '../composition/mail.js';
import { EventHub } from '../core/events/domain-events.js';
import type { Logger } from '../core/logger.js';
import { resolveSecretKey } from '../core/secrets.js';
import { createServices, type Services } from '../composition/services.js';

export interface MailOutcome {
  sent: boolean;
  /** Why the last attempt failed, when it did. */
  lastError: string | null;
}

/** What an operator command works with: the server's services on the server's database. */
export interface OperatorRuntime {
  orm: MikroORM;
  services: Services;
  /**
   * Delivers the queued mail over the configured transport and reports how `mailId` fared. A running
   * server's worker may take the message first; either way this waits (a few seconds at most) for
   * the outcome of the first attempt. A failed attempt stays queued: the server's workers retry it.
   */
  deliverMail(mailId: string): Promise<MailOutcome>;
  /** The migrations this opening applied (none when the database was up to date). */
  applied: string[];
  close(): Promise<void>;
}

/** Logs go to stderr, so that stdout carries only the command's answer. */
export function operatorLogger(config: Config): Logger {
  const level = process.env.LOG_LEVEL ? config.logLevel : 'warn';
  return pino({ level }, pino.destination({ dest: 2, sync: true }));
}

/** The embedded PostgreSQL of the data folder while a running server holds it (see `core/database/embedded.ts`). */
function runningEmbeddedUrl(dataDir: string): string | undefined {
  const pidFile = path.join(clusterDir(dataDir), 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const [pid, , , port] = fs.readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined;
  }
  return port && /^\d+$/.test(port.trim()) ? `postgres://postgres:twostep-embedded@127.0.0.1:${port.trim()}/twostep` : undefined;
}

/**
 * Opens the database as the server does (DATABASE_URL, or the data folder's embedded one: joined
 * when a server runs it, started and stopped again otherwise), applies the migrations and wires the
 * services. Nothing runs in the background: mail goes out when the command calls `deliverMail`.
 */
export async function openOperatorRuntime(config: Config, log: Logger): Promise<OperatorRuntime> {
  const stops: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log.error({ err }, 'stop failed'));
  };
  try {
    let url = config.databaseUrl ?? runningEmbeddedUrl(config.dataDir);
    if (!url) {
      const embedded = await startEmbeddedDatabase(config.dataDir, log);
      stops.push(() => embedded.stop());
      url = embedded.url;
    }
    const orm = await openDatabase(url, 4);
    stops.push(() => orm.close(true));
    const applied = await migrate(orm);
    // A variable, not a literal: the wiring takes more wake-ups as features grow; here none is needed.
    const wiring = {
      config,
      clock: systemClock,
      log,
      orm,
      events: new EventHub(),
      secretKey: resolveSecretKey(config, log),
      wakeMail: () => undefined,
      wakeCampaigns: () => undefined,
    };
    const services = createServices(wiring);
    const { transport, worker } = mailDelivery({ config, orm, clock: systemClock, log, box: services.box });
    stops.push(async () => transport.close());
    const deliverMail = async (mailId: string): Promise<MailOutcome> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        await worker.runOnce();
        const [row] = await sql<{ state: string; last_error: string | null }>(
          orm.em.fork(),
          `select state, last_error from mail_message where id = ?`,
          [mailId],
        );
        const settled = !row || row.state !== 'QUEUED' || row.last_error !== null;
        if (settled || Date.now() > deadline) return { sent: row?.state === 'SENT', lastError: row?.last_error ?? null };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    return { orm, services, deliverMail, applied, close };
  } catch (error) {
    await close();
    throw error;
  }
}

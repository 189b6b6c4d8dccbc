import type { MikroORM } from '@mikro-orm/postgresql';
import { AlertState } from '@twostep/shared';
import type { Clock } from '../clock.js';
import { PollingWorker } from '../jobs/polling-loop.js';
import type { Logger } from '../logger.js';
import type { MailData, MailEnv, MailTemplate } from './mail.service.js';
import type { MailTransport } from './mail-transport.js';

export interface MailWorkerOptions {
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  transport: MailTransport;
  templates: ReadonlyMap<string, MailTemplate>;
  from: string;
  env: MailEnv;
  pollMs: number;
  batchSize?: number;
  maxAttempts?: number;
  /** How long a claimed message stays with its worker before another may take it. */
  leaseMs?: number;
  /** Told after every delivery attempt: the alerts module publishes delivery changes from it. */
  onSettled?: (messageIds: string[]) => void;
}

interface ClaimedRow {
  id: string;
  to_address: string;
  template: string;
  data: MailData | string;
  attempts: number;
}

/** Backoff after a failed attempt: 30 s, 2 min, 8 min, 32 min, … capped at 2 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 4 ** Math.max(0, attempts - 1), 2 * 3600_000);
}

/**
 * Delivers queued messages. Workers claim a batch with `FOR UPDATE SKIP LOCKED` and a lease, so
 * two workers (in one process or several) never send the same message; a worker that dies leaves
 * its lease to expire and the message is sent again (at-least-once), with the same `Message-ID`,
 * derived from the message's id, so receivers can drop the copy.
 */
export class MailWorker extends PollingWorker {
  private readonly domain: string;

  constructor(private readonly options: MailWorkerOptions) {
    super('mail', options.pollMs, options.log);
    this.domain = /@([^>\s]+)>?$/.exec(options.from)?.[1] ?? 'twostep.localhost';
  }

  messageId(id: string): string {
    return `<${id}@${this.domain}>`;
  }

  /** One round: claim a batch, send it, record the outcome. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const { orm, clock, transport, templates, env, from } = this.options;
    const batch = this.options.batchSize ?? 50;
    const now = clock.now();
    const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? 120_000));
    const rows: ClaimedRow[] = await orm.em.getConnection().execute(
      `update mail_message set locked_until = ?, attempts = attempts + 1
       where id in (
         select id from mail_message
         where state = 'QUEUED' and next_attempt_at <= ? and (locked_until is null or locked_until < ?)
         order by next_attempt_at limit ? for update skip locked)
       returning id, to_address, template, data, attempts`,
      [leaseUntil, now, now, batch],
    );
    if (rows.length === 0) return 0;
    const maxAttempts = this.options.maxAttempts ?? 6;
    await Promise.all(
      rows.map(async (row) => {
        try {
          const template = templates.get(row.template);
          if (!template) throw new Error(`unknown template ${row.template}`);
          const data = typeof row.data === 'string' ? (JSON.parse(row.data) as MailData) : row.data;
          const rendered = template(data, env);
          await transport.send({ from, to: row.to_address, ...rendered, messageId: this.messageId(row.id) });
          await orm.em
            .getConnection()
            .execute(
              `update mail_message set state = ?, sent_at = ?, locked_until = null, last_error = null, data = data - 'token' where id = ?`,
              [AlertState.SENT, clock.now(), row.id],
            );
        } catch (err) {
          const failed = row.attempts >= maxAttempts;
          const message = err instanceof Error ? err.message : String(err);
          this.options.log.warn({ id: row.id, attempts: row.attempts, err: message }, 'mail delivery failed');
          await orm.em.getConnection().execute(
            `update mail_message set state = ?, last_error = ?, locked_until = null, next_attempt_at = ?,
               data = case when ? then data - 'token' else data end where id = ?`,
            [
              failed ? AlertState.FAILED : AlertState.QUEUED,
              message.slice(0, 500),
              new Date(clock.now().getTime() + retryDelayMs(row.attempts)),
              failed,
              row.id,
            ],
          );
        }
      }),
    );
    this.options.onSettled?.(rows.map((r) => r.id));
    return rows.length;
  }
}

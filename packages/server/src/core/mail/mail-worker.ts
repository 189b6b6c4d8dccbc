import type { MikroORM } from '@mikro-orm/postgresql';
import { AlertState } from '@twostep/shared';
import type { Clock } from '../clock.js';
import { PollingWorker } from '../jobs/polling-loop.js';
import type { Logger } from '../logger.js';
import type { SecretBox } from '../security/encryption.js';
import type { MailData, MailEnv, MailTemplate } from './mail.service.js';
import type { MailTransport } from './mail-transport.js';
import { openToken } from './sealed-token.js';

export interface MailWorkerOptions {
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  transport: MailTransport;
  templates: ReadonlyMap<string, MailTemplate>;
  /** Opens the one-time links that messages keep sealed. */
  box: SecretBox;
  from: string;
  env: MailEnv;
  pollMs: number;
  batchSize?: number;
  maxAttempts?: number;
  /** How long a claimed message stays with its worker before another may take it. */
  leaseMs?: number;
  /**
   * While true, bulk messages (a campaign's alerts) wait and only the others are sent: this
   * process's campaign runner says so while it queues, so that delivery does not slow queueing.
   */
  holdBulk?: () => boolean;
  /** Told after every delivery attempt: the alerts module publishes delivery changes from it. */
  onSettled?: (messageIds: string[]) => void;
}

/** What a delivery attempt leaves on its message. */
interface Outcome {
  id: string;
  state: AlertState;
  sent_at: Date | null;
  last_error: string | null;
  /** When a message that failed is tried again. */
  next_attempt_at: Date | null;
}

interface ClaimedRow {
  id: string;
  to_address: string;
  template: string;
  data: MailData | string;
  organization_id: string | null;
  user_id: string | null;
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
    // Messages to a person about their own account, invitations and single alerts go before bulk
    // ones (`mail_message_due` is ordered so), so that a password reset never waits behind a
    // campaign's 50,000 alerts.
    const onlyPersonal = this.options.holdBulk?.() ? 'and not bulk' : '';
    const rows: ClaimedRow[] = await orm.em.getConnection().execute(
      `update mail_message set locked_until = ?, attempts = attempts + 1
       where id in (
         select id from mail_message
         where state = 'QUEUED' ${onlyPersonal} and next_attempt_at <= ? and (locked_until is null or locked_until < ?)
         order by bulk, next_attempt_at limit ? for update skip locked)
       returning id, to_address, template, data, organization_id, user_id, attempts`,
      [leaseUntil, now, now, batch],
    );
    if (rows.length === 0) return 0;
    const maxAttempts = this.options.maxAttempts ?? 6;
    const outcomes = await Promise.all(
      rows.map(async (row): Promise<Outcome> => {
        try {
          const template = templates.get(row.template);
          if (!template) throw new Error(`unknown template ${row.template}`);
          const stored = typeof row.data === 'string' ? (JSON.parse(row.data) as MailData) : row.data;
          const data = openToken(this.options.box, row.id, stored);
          const concerning = row.organization_id && row.user_id ? { organizationId: row.organization_id, userId: row.user_id } : null;
          const rendered = template(data, env, concerning);
          await transport.send({ from, to: row.to_address, ...rendered, messageId: this.messageId(row.id) });
          return { id: row.id, state: AlertState.SENT, sent_at: clock.now(), last_error: null, next_attempt_at: null };
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          this.options.log.warn({ id: row.id, attempts: row.attempts, err: message }, 'mail delivery failed');
          return {
            id: row.id,
            state: row.attempts >= maxAttempts ? AlertState.FAILED : AlertState.QUEUED,
            sent_at: null,
            last_error: message.slice(0, 500),
            next_attempt_at: new Date(clock.now().getTime() + retryDelayMs(row.attempts)),
          };
        }
      }),
    );
    // One statement (one commit) for the whole round: per-message updates cost a commit each and
    // slowed whatever else was writing, a campaign's batches first of all. A crash before it leaves
    // the round's leases to expire, and the round is sent again (at-least-once, same Message-ID).
    // A settled message's one-time link is dropped from its data (sealed, or plain from before
    // sealing); a retried one keeps it.
    await orm.em.getConnection().execute(
      `update mail_message m set state = v.state, sent_at = v.sent_at, last_error = v.last_error, locked_until = null,
         next_attempt_at = coalesce(v.next_attempt_at, m.next_attempt_at),
         data = case when v.state = 'QUEUED' then m.data else m.data - 'token' - 'sealedToken' end
       from jsonb_to_recordset(?::jsonb) as v(id uuid, state text, sent_at timestamptz, last_error text, next_attempt_at timestamptz)
       where m.id = v.id`,
      [JSON.stringify(outcomes)],
    );
    this.options.onSettled?.(rows.map((r) => r.id));
    return rows.length;
  }
}

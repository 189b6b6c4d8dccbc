import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { PollingWorker } from '../../core/jobs/polling-loop.js';
import type { Logger } from '../../core/logger.js';
import type { MailQueue } from '../../core/mail/index.js';
import type { SecretBox } from '../../core/security/encryption.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { roleHolderContacts } from '../organizations/index.js';
import { postWebhook, type ResolveHost } from './outbound.js';
import { signedHeaders } from './signing.js';

/** Deliveries sent per round, concurrently. */
const BATCH = 20;
/** A claimed delivery is another worker's again after this (a worker that died mid-attempt). */
const CLAIM_MS = 60_000;
/** An endpoint that has failed every attempt this long is switched off. */
const FAILING_LIMIT_MS = 24 * 3_600_000;

/**
 * Waits before each retry (Standard Webhooks' schedule): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h,
 * each with ±20% jitter — 8 attempts over about 27.6 hours, so a receiver down for a whole day
 * still gets its events.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}

interface Claimed {
  id: string;
  attempts: number;
  budget: number;
  endpoint_id: string;
  organization_id: string;
  url: string;
  secret_encrypted: Buffer;
  previous_secret_encrypted: Buffer | null;
  previous_secret_until: Date | null;
  event_id: string;
  payload: unknown;
}

/**
 * Sends due deliveries: signed (Standard Webhooks), 10 s per attempt, no redirects, at most 64 KB
 * of the answer read, never to a non-public address (checked at every attempt, on every address
 * the host resolves to). A 2xx delivers; anything else is retried on the schedule above with the
 * same `webhook-id`, and recorded as an attempt. An endpoint failing every attempt for 24 hours is
 * switched off and its administrators are mailed. Claims are short leases taken with skip locked,
 * so instances share the work and a crashed worker's deliveries are taken up again.
 */
export class WebhookDeliveryWorker extends PollingWorker {
  constructor(
    private readonly deps: {
      orm: MikroORM;
      clock: Clock;
      log: Logger;
      box: SecretBox;
      mail: Pick<MailQueue, 'queue' | 'wake'>;
      audit: AuditService;
      resolve: ResolveHost;
      allowLoopback: boolean;
      timeoutMs?: number;
    },
    pollMs: number,
  ) {
    super('webhook-delivery', pollMs, deps.log);
  }

  async runOnce(): Promise<number> {
    const now = this.deps.clock.now();
    const em = this.deps.orm.em.fork();
    const claimed = await sql<Claimed>(
      em,
      `with due as (
         update webhook_delivery d set locked_until = ?, attempts = d.attempts + 1
         where d.id = any(array(
           select d2.id from webhook_delivery d2 join webhook_endpoint e2 on e2.id = d2.endpoint_id
           where d2.state = 'PENDING' and d2.next_attempt_at <= ? and (d2.locked_until is null or d2.locked_until <= ?) and e2.enabled
           order by d2.next_attempt_at, d2.created_at limit ? for update of d2 skip locked))
         returning d.id, d.attempts, d.budget, d.endpoint_id, d.event_id)
       select due.*, e.organization_id, e.url, e.secret_encrypted, e.previous_secret_encrypted, e.previous_secret_until, ev.payload
       from due join webhook_endpoint e on e.id = due.endpoint_id join webhook_event ev on ev.id = due.event_id`,
      [new Date(now.getTime() + CLAIM_MS), now, now, BATCH],
    );
    await Promise.all(
      claimed.map((delivery) =>
        this.attempt(delivery).catch((err: unknown) =>
          this.deps.log.error({ err, deliveryId: delivery.id }, 'a webhook attempt failed to record'),
        ),
      ),
    );
    return claimed.length;
  }

  private async attempt(delivery: Claimed): Promise<void> {
    const now = this.deps.clock.now();
    const secrets = [this.deps.box.open(delivery.secret_encrypted, delivery.endpoint_id)];
    if (delivery.previous_secret_encrypted && delivery.previous_secret_until && new Date(delivery.previous_secret_until) > now)
      secrets.push(this.deps.box.open(delivery.previous_secret_encrypted, `${delivery.endpoint_id}:previous`));
    const body = typeof delivery.payload === 'string' ? delivery.payload : JSON.stringify(delivery.payload);
    const result = await postWebhook(delivery.url, body, signedHeaders(delivery.event_id, now, body, secrets), {
      resolve: this.deps.resolve,
      allowLoopback: this.deps.allowLoopback,
      timeoutMs: this.deps.timeoutMs ?? 10_000,
      maxResponseBytes: 64 * 1024,
    });
    const finished = this.deps.clock.now();
    await this.deps.orm.em.fork().transactional(async (tx) => {
      await sql(
        tx,
        `insert into webhook_attempt (delivery_id, attempt, at, status, duration_ms, error) values (?, ?, ?, ?, ?, ?)
         on conflict (delivery_id, attempt) do nothing`,
        [
          delivery.id,
          delivery.attempts,
          now,
          result.status,
          result.durationMs,
          result.failure ? `${result.failure}${result.detail ? `: ${result.detail}` : ''}` : null,
        ],
      );
      if (result.ok) {
        await sql(
          tx,
          `update webhook_delivery set state = 'DELIVERED', delivered_at = ?, last_status = ?, next_attempt_at = null, locked_until = null where id = ?`,
          [finished, result.status, delivery.id],
        );
        await sql(tx, `update webhook_endpoint set failing_since = null where id = ? and failing_since is not null`, [
          delivery.endpoint_id,
        ]);
        return;
      }
      const last = delivery.attempts >= delivery.budget;
      await sql(tx, `update webhook_delivery set state = ?, last_status = ?, next_attempt_at = ?, locked_until = null where id = ?`, [
        last ? 'FAILED' : 'PENDING',
        result.status,
        last ? null : new Date(finished.getTime() + retryDelay(delivery.attempts)),
        delivery.id,
      ]);
      const [endpoint] = await sql<{ failing_since: Date; name: string }>(
        tx,
        `update webhook_endpoint e set failing_since = coalesce(e.failing_since, ?) where e.id = ?
         returning e.failing_since, (select o.name from organization o where o.id = e.organization_id) as name`,
        [now, delivery.endpoint_id],
      );
      if (endpoint && finished.getTime() - new Date(endpoint.failing_since).getTime() >= FAILING_LIMIT_MS)
        await this.switchOff(tx, delivery, endpoint.name, finished);
    });
  }

  /** Switches off an endpoint failing for 24 hours: audited, and mailed to the organization's administrators. */
  private async switchOff(
    tx: Parameters<Parameters<MikroORM['em']['transactional']>[0]>[0],
    delivery: Claimed,
    organizationName: string,
    at: Date,
  ): Promise<void> {
    const switched = await sql(
      tx,
      `update webhook_endpoint set enabled = false, disabled_at = ?, disabled_reason = 'FAILING' where id = ? and enabled returning id`,
      [at, delivery.endpoint_id],
    );
    if (switched.length === 0) return;
    this.deps.audit.record(tx, {
      organizationId: delivery.organization_id,
      action: AuditAction.WEBHOOK_DISABLED,
      actor: {},
      data: { endpointId: delivery.endpoint_id, url: delivery.url },
    });
    const people = await roleHolderContacts(tx, delivery.organization_id, ['LEGAL_REPRESENTATIVE', 'ADMINISTRATOR']);
    for (const person of people) {
      this.deps.mail.queue(tx, {
        to: person.email,
        template: 'webhook-disabled',
        concerning: { organizationId: delivery.organization_id, userId: person.user_id },
        data: { name: person.display_name, organization: organizationName, url: delivery.url },
      });
    }
    await tx.flush();
    this.deps.mail.wake();
  }
}

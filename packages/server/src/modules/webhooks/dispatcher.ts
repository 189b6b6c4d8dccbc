import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { MembershipKind, Role, WebhookEventType } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { PollingWorker } from '../../core/jobs/polling-loop.js';
import type { Logger } from '../../core/logger.js';
import type { AuditAction } from '../audit/index.js';
import type { MembersService } from '../organizations/index.js';
import { auditEvents, complianceMoving, wireType } from './events.js';

/** Outbox rows turned into events per round (one transaction). */
const BATCH = 200;

/** Events, with their deliveries and attempts, are kept this long for the delivery log (none while a delivery is pending). */
export const WEBHOOK_RETENTION_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const PRUNE_BATCH = 1_000;

interface OutboxRow {
  organization_id: string;
  source: 'AUDIT' | 'ALERT';
  detail: string | null;
  action: AuditAction | null;
  data: Record<string, unknown> | null;
  at: Date | null;
  target_user_id: string | null;
  actor_user_id: string | null;
  actor_token_id: string | null;
  mail_id: string | null;
  mail_user_id: string | null;
  email: string | null;
  role: Role | null;
  kind: MembershipKind | null;
}

interface BuiltEvent {
  organizationId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  at: Date;
}

/**
 * Turns the webhook outbox into events and deliveries. Triggers fill the outbox in the transaction
 * of each change (its audit entry, an alert's final mail state), for organizations with an enabled
 * endpoint; a round takes a batch (skip locked: instances share the work), builds each event's
 * JSON with the facts an integrator needs (ids, e-mail, role, kind — never secrets), queues one
 * delivery per endpoint that wants its type, and deletes the rows, all in one transaction. After
 * changes that move compliance it checks whether the organization reached 100% (or left it).
 */
export class WebhookDispatcher extends PollingWorker {
  constructor(
    private readonly deps: {
      orm: MikroORM;
      clock: Clock;
      log: Logger;
      members: Pick<MembersService, 'get' | 'summary'>;
      wakeDeliveries: () => void;
    },
    pollMs: number,
  ) {
    super('webhook-dispatcher', pollMs, deps.log);
  }

  private prunedAt = Number.NEGATIVE_INFINITY;

  async runOnce(): Promise<number> {
    const now = this.deps.clock.now();
    if (now.getTime() - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now.getTime();
      await this.prune(now);
    }
    // An idle round is one read (no transaction, no delete that finds nothing): every second, on every instance.
    const em = this.deps.orm.em.fork();
    if ((await sql(em, `select 1 from webhook_outbox limit 1`)).length === 0) return 0;
    const queued = await em.transactional(async (tx) => {
      const rows = await sql<OutboxRow>(
        tx,
        `with claimed as (
           delete from webhook_outbox where id = any(array(select id from webhook_outbox order by id limit ? for update skip locked))
           returning id, organization_id, source, source_id, detail)
         select c.organization_id, c.source, c.detail, a.action, a.data, a.at, a.target_user_id, a.actor_user_id, a.actor_token_id,
           mm.id as mail_id, mm.user_id as mail_user_id, u.email, m.role, m.kind
         from claimed c
         left join audit_event a on c.source = 'AUDIT' and a.id = (case when c.source = 'AUDIT' then c.source_id::bigint end)
         left join mail_message mm on c.source = 'ALERT' and mm.id = (case when c.source = 'ALERT' then c.source_id::uuid end)
         left join "user" u on u.id = coalesce(a.target_user_id, mm.user_id)
         left join membership m on m.organization_id = c.organization_id and m.user_id = u.id
         order by c.id`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const events: BuiltEvent[] = [];
      for (const row of rows) {
        const event = await this.build(tx, row, now);
        if (event) events.push(event);
      }
      for (const organizationId of new Set(events.filter((e) => complianceMoving.has(e.type)).map((e) => e.organizationId))) {
        const complete = await this.completion(tx, organizationId);
        if (complete) events.push({ organizationId, type: 'COMPLIANCE_COMPLETE', data: complete, at: now });
      }
      let deliveries = 0;
      for (const event of events) deliveries += await this.queue(tx, event, now);
      return Math.max(rows.length, deliveries);
    });
    if (queued > 0) this.deps.wakeDeliveries();
    return queued;
  }

  /**
   * Deletes the events made more than `WEBHOOK_RETENTION_MS` ago whose deliveries all ended
   * (delivered or failed), with those deliveries and their attempts: the log keeps 30 days. Runs
   * once an hour per instance, in batches; returns how many events went.
   */
  async prune(now: Date): Promise<number> {
    const em = this.deps.orm.em.fork();
    const before = new Date(now.getTime() - WEBHOOK_RETENTION_MS);
    let pruned = 0;
    for (;;) {
      const gone = await sql(
        em,
        `delete from webhook_event where id = any(array(
           select e.id from webhook_event e where e.created_at < ?
             and not exists (select 1 from webhook_delivery d where d.event_id = e.id and d.state = 'PENDING')
           limit ?)) returning 1`,
        [before, PRUNE_BATCH],
      );
      pruned += gone.length;
      if (gone.length < PRUNE_BATCH) return pruned;
    }
  }

  /** The event of one outbox row, or undefined when its change sends none. */
  private async build(tx: EntityManager, row: OutboxRow, now: Date): Promise<BuiltEvent | undefined> {
    const member = (userId: string | null) => (userId ? { id: userId, email: row.email, role: row.role, kind: row.kind } : null);
    if (row.source === 'ALERT') {
      return {
        organizationId: row.organization_id,
        type: row.detail === 'SENT' ? 'ALERT_DELIVERED' : 'ALERT_FAILED',
        data: { alertId: row.mail_id, member: member(row.mail_user_id) },
        at: now,
      };
    }
    const mapped = row.action ? auditEvents[row.action] : undefined;
    if (!mapped) return undefined;
    const data: Record<string, unknown> = {
      ...(mapped.reason ? { reason: mapped.reason } : {}),
      ...(row.target_user_id ? { member: member(row.target_user_id) } : {}),
      actor: row.actor_user_id || row.actor_token_id ? { userId: row.actor_user_id, tokenId: row.actor_token_id } : null,
      details: publicDetails(row.data ?? {}),
    };
    if (mapped.type === 'MEMBER_COMPLIANCE_CHANGED' && row.target_user_id && row.role) {
      // The member's compliance here now (the organization's rule, with its accepted methods).
      const current = await this.deps.members.get(tx, row.organization_id, row.target_user_id).catch(() => undefined);
      data.compliance = current?.compliance ?? null;
      data.methodKinds = current?.methodKinds ?? [];
    }
    return { organizationId: row.organization_id, type: mapped.type, data, at: row.at ? new Date(row.at) : now };
  }

  /**
   * Whether the organization reached 100% compliance with this change (every member not exempt
   * has a method it accepts): the summary's facts when it did, undefined otherwise. The state is
   * kept per organization, so the event goes once per time it is reached.
   */
  private async completion(tx: EntityManager, organizationId: string): Promise<Record<string, unknown> | undefined> {
    const summary = await this.deps.members.summary(tx, organizationId);
    const counted = summary.members - summary.exempt;
    const complete = counted > 0 && summary.withTwoFactor === counted;
    const [before] = await sql<{ fully_compliant: boolean }>(
      tx,
      `select fully_compliant from webhook_organization_state where organization_id = ? for update`,
      [organizationId],
    );
    await sql(
      tx,
      `insert into webhook_organization_state (organization_id, fully_compliant) values (?, ?)
       on conflict (organization_id) do update set fully_compliant = excluded.fully_compliant`,
      [organizationId, complete],
    );
    if (!complete || before?.fully_compliant === true) return undefined;
    return {
      members: summary.members,
      exempt: summary.exempt,
      compliant: summary.withTwoFactor,
      compliancePercent: summary.compliancePercent,
    };
  }

  /** Stores the event and one delivery per enabled endpoint that wants its type; returns how many. */
  private async queue(tx: EntityManager, event: BuiltEvent, now: Date): Promise<number> {
    const id = `msg_${randomUUID().replace(/-/g, '')}`;
    const payload = {
      id,
      type: wireType(event.type),
      timestamp: event.at.toISOString(),
      organizationId: event.organizationId,
      data: event.data,
    };
    const rows = await sql<{ id: string }>(
      tx,
      `with event as (
         insert into webhook_event (id, organization_id, type, payload, created_at)
         select ?, ?, ?, ?::jsonb, ? where exists (
           select 1 from webhook_endpoint where organization_id = ? and enabled and ? = any(event_types))
         returning id)
       insert into webhook_delivery (id, event_id, endpoint_id, state, next_attempt_at, created_at)
       select gen_random_uuid(), event.id, e.id, 'PENDING', ?, ? from event, webhook_endpoint e
       where e.organization_id = ? and e.enabled and ? = any(e.event_types)
       returning id`,
      [
        id,
        event.organizationId,
        payload.type,
        JSON.stringify(payload),
        now,
        event.organizationId,
        event.type,
        now,
        now,
        event.organizationId,
        event.type,
      ],
    );
    return rows.length;
  }
}

/** An audit entry's facts as an event shows them: small values only (reasons, dates, roles), never tokens or secrets. */
function publicDetails(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (/secret|token|password|hash/i.test(key)) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
    else if (Array.isArray(value) && value.every((v) => ['string', 'number'].includes(typeof v))) out[key] = value;
  }
  return out;
}

import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, Limits, WebhookEventType } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { sql } from '../../core/database/sql.js';
import { DomainError, validId } from '../../core/errors.js';
import type { SecretBox } from '../../core/security/encryption.js';
import { requireOwnTwoFactor, type OrganizationActor } from '../access/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { TEST_EVENT_TYPE } from './events.js';
import { hostOf, reachable, type ResolveHost } from './outbound.js';
import { newSigningSecret } from './signing.js';

const DAY_MS = 86_400_000;

export interface EndpointRow {
  id: string;
  organization_id: string;
  url: string;
  description: string;
  event_types: WebhookEventType[] | string;
  enabled: boolean;
  created_at: Date;
  created_by: string | null;
  created_by_token_id: string | null;
  created_by_name: string | null;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  previous_secret_until: Date | null;
}

export const endpointColumns = `e.id, e.organization_id, e.url, e.description, e.event_types, e.enabled, e.created_at, e.created_by,
  e.created_by_token_id, coalesce(cu.display_name, ct.name) as created_by_name, e.failing_since, e.disabled_at, e.disabled_reason,
  e.previous_secret_until`;
export const endpointJoins = `left join "user" cu on cu.id = e.created_by left join integration_token ct on ct.id = e.created_by_token_id`;

/** Why a URL is refused (`extensions.reason` of BAD_USER_INPUT on `url`). */
type UrlRefusal = 'MALFORMED' | 'SCHEME' | 'CREDENTIALS' | 'PRIVATE_ADDRESS';

const refuseUrl = (reason: UrlRefusal, message: string): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, { field: 'url', reason });

interface Deps {
  clock: Clock;
  config: Pick<Config, 'nodeEnv' | 'webhookAllowLoopback'>;
  box: SecretBox;
  audit: AuditService;
  resolve: ResolveHost;
  /** Wakes the delivery workers (a test event, a redelivery). */
  wakeDeliveries: () => void;
}

/**
 * An organization's webhook endpoints: created with a signing secret shown once, changed,
 * deleted, their secret rotated (the previous one signs beside the new one for 24 hours), a test
 * event sent, a delivery sent again. Only legal representatives and administrators with 2FA manage
 * them; the URL is checked against the SSRF rules here and again at every delivery.
 */
export class WebhookEndpointsService {
  constructor(private readonly deps: Deps) {}

  /**
   * A URL a webhook may be sent to: `https:` in production (`http:` too elsewhere), no user
   * information, and a host that is not a non-public address (loopback only with
   * `WEBHOOK_ALLOW_LOOPBACK`). A host name is resolved now as well when it can be, so that an
   * obviously internal name is refused at once; the delivery checks again every time.
   */
  async validUrl(raw: unknown): Promise<string> {
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > Limits.maxWebhookUrlLength)
      throw refuseUrl('MALFORMED', `Give a URL of at most ${Limits.maxWebhookUrlLength} characters.`);
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw refuseUrl('MALFORMED', 'This is not a URL.');
    }
    const production = this.deps.config.nodeEnv === 'production';
    if (url.protocol !== 'https:' && (production || url.protocol !== 'http:'))
      throw refuseUrl(
        'SCHEME',
        production ? 'Webhooks are sent over HTTPS: the URL must start with https://.' : 'Use an http:// or https:// URL.',
      );
    if (url.username || url.password) throw refuseUrl('CREDENTIALS', 'Put no user name or password in the URL.');
    const host = hostOf(url);
    const allowLoopback = this.deps.config.webhookAllowLoopback;
    if (net.isIP(host) !== 0) {
      if (!reachable(host, allowLoopback)) throw refuseUrl('PRIVATE_ADDRESS', 'Webhooks go to public addresses only.');
    } else {
      const addresses = await this.deps.resolve(host).catch(() => [] as string[]);
      if (addresses.some((a) => !reachable(a, allowLoopback)))
        throw refuseUrl('PRIVATE_ADDRESS', 'This host resolves to a non-public address: webhooks go to public addresses only.');
    }
    url.hash = '';
    return url.toString();
  }

  private validTypes(raw: unknown): WebhookEventType[] {
    const known = Object.keys(WebhookEventType);
    if (!Array.isArray(raw) || raw.length === 0 || raw.some((t) => typeof t !== 'string' || !known.includes(t)))
      throw new DomainError(ErrorCode.BAD_USER_INPUT, 'Choose at least one event type.', { field: 'eventTypes' });
    return [...new Set(raw as WebhookEventType[])];
  }

  private validDescription(raw: unknown): string {
    const description = typeof raw === 'string' ? raw.trim() : '';
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    if (description.length > Limits.maxWebhookDescriptionLength || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(description))
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `A description of at most ${Limits.maxWebhookDescriptionLength} characters.`, {
        field: 'description',
      });
    return description;
  }

  async list(em: EntityManager, organizationId: string): Promise<EndpointRow[]> {
    return sql<EndpointRow>(
      em,
      `select ${endpointColumns} from webhook_endpoint e ${endpointJoins} where e.organization_id = ? order by e.created_at, e.id`,
      [organizationId],
    );
  }

  async get(em: EntityManager, organizationId: string, id: string): Promise<EndpointRow> {
    const [row] = await sql<EndpointRow>(
      em,
      `select ${endpointColumns} from webhook_endpoint e ${endpointJoins} where e.organization_id = ? and e.id = ?`,
      [organizationId, validId(id, 'id')],
    );
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Webhook endpoint not found');
    return row;
  }

  /** The organization an endpoint belongs to (NOT_FOUND when there is none), for authorization. */
  async organizationOf(em: EntityManager, id: string): Promise<string> {
    const [row] = await sql<{ organization_id: string }>(em, `select organization_id from webhook_endpoint where id = ?`, [
      validId(id, 'id'),
    ]);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Webhook endpoint not found');
    return row.organization_id;
  }

  /** The organization a delivery belongs to (null when there is none), for authorization. */
  async deliveryOrganizationOf(em: EntityManager, deliveryId: string): Promise<string | null> {
    const [row] = await sql<{ organization_id: string }>(
      em,
      `select e.organization_id from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id where d.id = ?`,
      [validId(deliveryId, 'deliveryId')],
    );
    return row?.organization_id ?? null;
  }

  async create(
    em: EntityManager,
    actor: OrganizationActor,
    input: { url: string; eventTypes: string[]; description?: string | null; enabled?: boolean | null },
  ): Promise<{ endpoint: EndpointRow; secret: string }> {
    requireOwnTwoFactor(actor, 'managing webhooks');
    const url = await this.validUrl(input.url);
    const eventTypes = this.validTypes(input.eventTypes);
    const description = this.validDescription(input.description);
    const id = randomUUID();
    const secret = newSigningSecret();
    await em.transactional(async (tx) => {
      const [count] = await sql<{ n: string }>(tx, `select count(*) as n from webhook_endpoint where organization_id = ?`, [
        actor.organizationId,
      ]);
      if (Number(count!.n) >= Limits.maxWebhookEndpoints)
        throw new DomainError(ErrorCode.CONFLICT, `An organization may have at most ${Limits.maxWebhookEndpoints} webhook endpoints.`);
      await sql(
        tx,
        `insert into webhook_endpoint (id, organization_id, url, description, event_types, enabled, secret_encrypted, created_at, created_by, created_by_token_id)
         values (?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?)`,
        [
          id,
          actor.organizationId,
          url,
          description,
          `{${eventTypes.join(',')}}`,
          input.enabled ?? true,
          this.deps.box.seal(secret, id),
          this.deps.clock.now(),
          actor.userId,
          actor.tokenId,
        ],
      );
      this.record(tx, actor, AuditAction.WEBHOOK_CREATED, { endpointId: id, url, eventTypes });
      await tx.flush();
    });
    return { endpoint: await this.get(em, actor.organizationId, id), secret };
  }

  async update(
    em: EntityManager,
    actor: OrganizationActor,
    id: string,
    input: { url?: string | null; eventTypes?: string[] | null; description?: string | null; enabled?: boolean | null },
  ): Promise<EndpointRow> {
    requireOwnTwoFactor(actor, 'managing webhooks');
    const before = await this.get(em, actor.organizationId, id);
    const url = input.url == null ? before.url : await this.validUrl(input.url);
    const eventTypes = input.eventTypes == null ? null : this.validTypes(input.eventTypes);
    const description = input.description == null ? before.description : this.validDescription(input.description);
    await em.transactional(async (tx) => {
      await sql(
        tx,
        `update webhook_endpoint set url = ?, description = ?, event_types = coalesce(?::text[], event_types),
           enabled = coalesce(?, enabled),
           -- switched on again: it starts afresh
           failing_since = case when ? then null else failing_since end,
           disabled_at = case when ? then null else disabled_at end,
           disabled_reason = case when ? then null else disabled_reason end
         where id = ?`,
        [
          url,
          description,
          eventTypes ? `{${eventTypes.join(',')}}` : null,
          input.enabled ?? null,
          input.enabled === true,
          input.enabled === true,
          input.enabled === true,
          before.id,
        ],
      );
      this.record(tx, actor, AuditAction.WEBHOOK_UPDATED, { endpointId: before.id, url, enabled: input.enabled ?? before.enabled });
      await tx.flush();
    });
    if (input.enabled === true) this.deps.wakeDeliveries();
    return this.get(em, actor.organizationId, before.id);
  }

  async delete(em: EntityManager, actor: OrganizationActor, id: string): Promise<void> {
    requireOwnTwoFactor(actor, 'managing webhooks');
    const before = await this.get(em, actor.organizationId, id);
    await em.transactional(async (tx) => {
      await sql(tx, `delete from webhook_endpoint where id = ?`, [before.id]);
      this.record(tx, actor, AuditAction.WEBHOOK_DELETED, { endpointId: before.id, url: before.url });
      await tx.flush();
    });
  }

  /** A new secret, shown once; the previous one keeps signing beside it for 24 hours. */
  async rotateSecret(em: EntityManager, actor: OrganizationActor, id: string): Promise<{ endpoint: EndpointRow; secret: string }> {
    requireOwnTwoFactor(actor, 'managing webhooks');
    const before = await this.get(em, actor.organizationId, id);
    const secret = newSigningSecret();
    const now = this.deps.clock.now();
    await em.transactional(async (tx) => {
      const [row] = await sql<{ secret_encrypted: Buffer }>(tx, `select secret_encrypted from webhook_endpoint where id = ? for update`, [
        before.id,
      ]);
      const current = this.deps.box.open(row!.secret_encrypted, before.id);
      await sql(
        tx,
        `update webhook_endpoint set secret_encrypted = ?, previous_secret_encrypted = ?, previous_secret_until = ? where id = ?`,
        [
          this.deps.box.seal(secret, before.id),
          this.deps.box.seal(current, `${before.id}:previous`),
          new Date(now.getTime() + DAY_MS),
          before.id,
        ],
      );
      this.record(tx, actor, AuditAction.WEBHOOK_SECRET_ROTATED, { endpointId: before.id });
      await tx.flush();
    });
    return { endpoint: await this.get(em, actor.organizationId, before.id), secret };
  }

  /** A `webhook.test` event for this endpoint alone; returns its delivery's id. */
  async sendTest(em: EntityManager, actor: OrganizationActor, id: string): Promise<string> {
    requireOwnTwoFactor(actor, 'managing webhooks');
    const endpoint = await this.get(em, actor.organizationId, id);
    if (!endpoint.enabled) throw new DomainError(ErrorCode.CONFLICT, 'This endpoint is switched off: switch it on to send to it.');
    const now = this.deps.clock.now();
    const eventId = `msg_${randomUUID().replace(/-/g, '')}`;
    const deliveryId = randomUUID();
    const payload = {
      id: eventId,
      type: TEST_EVENT_TYPE,
      timestamp: now.toISOString(),
      organizationId: actor.organizationId,
      data: { endpointId: endpoint.id, sentBy: actor.personName ?? 'an API token' },
    };
    await em.transactional(async (tx) => {
      await sql(tx, `insert into webhook_event (id, organization_id, type, payload, created_at) values (?, ?, ?, ?::jsonb, ?)`, [
        eventId,
        actor.organizationId,
        TEST_EVENT_TYPE,
        JSON.stringify(payload),
        now,
      ]);
      await sql(
        tx,
        `insert into webhook_delivery (id, event_id, endpoint_id, state, next_attempt_at, created_at) values (?, ?, ?, 'PENDING', ?, ?)`,
        [deliveryId, eventId, endpoint.id, now, now],
      );
    });
    this.deps.wakeDeliveries();
    return deliveryId;
  }

  /**
   * Sends a delivery again now, with the same `webhook-id`: a delivered or failed one gets one more
   * attempt; one waiting for its next retry is tried now (CONFLICT only while an attempt is under way).
   */
  async redeliver(em: EntityManager, actor: OrganizationActor, deliveryId: string): Promise<string> {
    requireOwnTwoFactor(actor, 'managing webhooks');
    const now = this.deps.clock.now();
    const rows = await sql<{ id: string }>(
      em,
      `update webhook_delivery d set state = 'PENDING', next_attempt_at = ?, budget = greatest(d.budget, d.attempts + 1), locked_until = null
       from webhook_endpoint e where e.id = d.endpoint_id and e.organization_id = ? and d.id = ?
         and (d.state <> 'PENDING' or d.locked_until is null or d.locked_until <= ?)
       returning d.id`,
      [now, actor.organizationId, validId(deliveryId, 'deliveryId'), now],
    );
    if (rows.length === 0) {
      const [exists] = await sql(
        em,
        `select 1 from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id where d.id = ? and e.organization_id = ?`,
        [deliveryId, actor.organizationId],
      );
      if (!exists) throw new DomainError(ErrorCode.NOT_FOUND, 'Delivery not found');
      throw new DomainError(ErrorCode.CONFLICT, 'This delivery is being tried right now.');
    }
    this.deps.wakeDeliveries();
    return deliveryId;
  }

  private record(tx: EntityManager, actor: OrganizationActor, action: AuditAction, data: Record<string, unknown>): void {
    this.deps.audit.record(tx, { organizationId: actor.organizationId, action, actor: actor.audit, data });
  }
}

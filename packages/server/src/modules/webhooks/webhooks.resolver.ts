import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Scope, type WebhookEventType } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import { textArray, sql } from '../../core/database/sql.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize, Permission } from '../access/index.js';
import { OrganizationNode } from '../organizations/index.js';
import type { EndpointRow, WebhookEndpointsService } from './endpoints.service.js';
import {
  CreateWebhookEndpointInput,
  RedeliverWebhookInput,
  UpdateWebhookEndpointInput,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreated,
  WebhookEndpointRefInput,
  type WebhookDeliveryState,
} from './webhooks.types.js';

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    organizationId: row.organization_id,
    url: row.url,
    description: row.description,
    eventTypes: textArray(row.event_types) as WebhookEventType[],
    enabled: row.enabled,
    createdAt: new Date(row.created_at),
    createdBy:
      row.created_by || row.created_by_token_id
        ? { userId: row.created_by, tokenId: row.created_by_token_id, name: row.created_by_name ?? 'Deleted account' }
        : null,
    failingSince: row.failing_since ? new Date(row.failing_since) : null,
    disabledAt: row.disabled_at ? new Date(row.disabled_at) : null,
    previousSecretExpiresAt: row.previous_secret_until ? new Date(row.previous_secret_until) : null,
  };
}

/** Deliveries with their attempts, newest first: two statements. */
async function deliveries(em: EntityManager, where: string, params: unknown[], limit: number): Promise<WebhookDelivery[]> {
  const rows = await sql<{
    id: string;
    event_id: string;
    type: string;
    payload: object | string;
    state: WebhookDeliveryState;
    attempts: number;
    next_attempt_at: Date | null;
    last_status: number | null;
    created_at: Date;
    delivered_at: Date | null;
  }>(
    em,
    `select d.id, d.event_id, ev.type, ev.payload, d.state, d.attempts, d.next_attempt_at, d.last_status, d.created_at, d.delivered_at
     from webhook_delivery d join webhook_event ev on ev.id = d.event_id where ${where} order by d.created_at desc, d.id limit ?`,
    [...params, limit],
  );
  const attempts = rows.length
    ? await sql<{ delivery_id: string; attempt: number; at: Date; status: number | null; duration_ms: number; error: string | null }>(
        em,
        `select delivery_id, attempt, at, status, duration_ms, error from webhook_attempt
         where delivery_id in (select jsonb_array_elements_text(?::jsonb)::uuid) order by attempt`,
        [JSON.stringify(rows.map((r) => r.id))],
      )
    : [];
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventType: r.type,
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as object) : r.payload,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'PENDING' && r.next_attempt_at ? new Date(r.next_attempt_at) : null,
    lastStatus: r.last_status,
    createdAt: new Date(r.created_at),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
    attemptLog: attempts
      .filter((a) => a.delivery_id === r.id)
      .map((a) => ({ attempt: a.attempt, at: new Date(a.at), status: a.status, durationMs: a.duration_ms, error: a.error })),
  }));
}

export interface WebhooksResolverDeps {
  webhooks: WebhookEndpointsService;
}

/** The organization's webhook endpoints: read with `webhooks:read`; managed by legal representatives and administrators with 2FA. */
@Resolver(() => OrganizationNode)
export class OrganizationWebhooksResolver {
  constructor(private readonly deps: WebhooksResolverDeps) {}

  @FieldResolver(() => [WebhookEndpoint], { description: 'The organization’s webhook endpoints, oldest first (never their secrets).' })
  @Integration(Scope.WEBHOOKS_READ)
  async webhookEndpoints(@Root() organization: OrganizationNode, @Ctx() { em, principal }: Context): Promise<WebhookEndpoint[]> {
    await authorize(em, principal, organization.id, Permission.READ_WEBHOOKS);
    return (await this.deps.webhooks.list(em, organization.id)).map(toEndpoint);
  }
}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @FieldResolver(() => [WebhookDelivery], { description: 'The latest deliveries to this endpoint, newest first (at most 100).' })
  async deliveries(
    @Root() endpoint: WebhookEndpoint,
    @Ctx() { em }: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: 25 }) first: number,
  ): Promise<WebhookDelivery[]> {
    return deliveries(em, 'd.endpoint_id = ?', [endpoint.id], Math.max(1, Math.min(100, first)));
  }
}

@Resolver()
export class WebhooksResolver {
  constructor(private readonly deps: WebhooksResolverDeps) {}

  @Mutation(() => WebhookEndpointCreated, {
    description:
      'Adds an endpoint: its URL (https:// in production, a public address only: BAD_USER_INPUT on `url` with `extensions.reason` SCHEME, CREDENTIALS, PRIVATE_ADDRESS or MALFORMED), the event types it wants, a description. Answers its signing secret, once.',
  })
  async createWebhookEndpoint(
    @Arg('input', () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput,
    @Ctx() { em, principal }: Context,
  ): Promise<WebhookEndpointCreated> {
    const actor = await authorize(em, principal, input.organizationId, Permission.MANAGE_WEBHOOKS);
    const { endpoint, secret } = await this.deps.webhooks.create(em, actor, input);
    return { endpoint: toEndpoint(endpoint), secret };
  }

  @Mutation(() => WebhookEndpoint, { description: 'Changes an endpoint (URL, event types, description, on or off).' })
  async updateWebhookEndpoint(
    @Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput,
    @Ctx() { em, principal }: Context,
  ): Promise<WebhookEndpoint> {
    const actor = await this.actorFor(em, principal, input.id);
    return toEndpoint(await this.deps.webhooks.update(em, actor, input.id, input));
  }

  @Mutation(() => Boolean, { description: 'Deletes an endpoint and its delivery log.' })
  async deleteWebhookEndpoint(
    @Arg('input', () => WebhookEndpointRefInput) input: WebhookEndpointRefInput,
    @Ctx() { em, principal }: Context,
  ): Promise<boolean> {
    await this.deps.webhooks.delete(em, await this.actorFor(em, principal, input.id), input.id);
    return true;
  }

  @Mutation(() => WebhookEndpointCreated, {
    description: 'A new signing secret, answered once; the previous one keeps signing beside it for 24 hours (`previousSecretExpiresAt`).',
  })
  async rotateWebhookSecret(
    @Arg('input', () => WebhookEndpointRefInput) input: WebhookEndpointRefInput,
    @Ctx() { em, principal }: Context,
  ): Promise<WebhookEndpointCreated> {
    const { endpoint, secret } = await this.deps.webhooks.rotateSecret(em, await this.actorFor(em, principal, input.id), input.id);
    return { endpoint: toEndpoint(endpoint), secret };
  }

  @Mutation(() => WebhookDelivery, {
    description: 'Sends a `webhook.test` event to this endpoint now (CONFLICT while it is switched off).',
  })
  async sendTestWebhook(
    @Arg('input', () => WebhookEndpointRefInput) input: WebhookEndpointRefInput,
    @Ctx() { em, principal }: Context,
  ): Promise<WebhookDelivery> {
    const id = await this.deps.webhooks.sendTest(em, await this.actorFor(em, principal, input.id), input.id);
    return (await deliveries(em, 'd.id = ?', [id], 1))[0]!;
  }

  @Mutation(() => WebhookDelivery, {
    description:
      'Sends a delivery again now, with the same `webhook-id`: one more attempt for a delivered or failed one; a retry now for one waiting (CONFLICT only while an attempt is under way).',
  })
  async redeliverWebhook(
    @Arg('input', () => RedeliverWebhookInput) input: RedeliverWebhookInput,
    @Ctx() { em, principal }: Context,
  ): Promise<WebhookDelivery> {
    // An unknown delivery is judged as one of an organization nobody belongs to: NOT_FOUND, as for a foreign one.
    const organizationId =
      (await this.deps.webhooks.deliveryOrganizationOf(em, input.deliveryId)) ?? '00000000-0000-4000-8000-000000000000';
    const actor = await authorize(em, principal, organizationId, Permission.MANAGE_WEBHOOKS);
    await this.deps.webhooks.redeliver(em, actor, input.deliveryId);
    return (await deliveries(em, 'd.id = ?', [input.deliveryId], 1))[0]!;
  }

  /** The endpoint's organization, then the one authorization check (an unknown endpoint is NOT_FOUND). */
  private async actorFor(em: EntityManager, principal: Context['principal'], endpointId: string) {
    const organizationId = await this.deps.webhooks.organizationOf(em, endpointId);
    return authorize(em, principal, organizationId, Permission.MANAGE_WEBHOOKS);
  }
}

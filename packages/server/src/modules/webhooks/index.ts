/**
 * Webhooks: an organization's endpoints, the events its changes send them (the audit log and the
 * alerts' mail states are the outbox, captured by triggers in the change's transaction), signed
 * as Standard Webhooks, delivered and retried by workers that never reach a non-public address.
 */
export { WebhookEndpointsService } from './endpoints.service.js';
export { WebhookDispatcher } from './dispatcher.js';
export { WebhookDeliveryWorker, RETRY_DELAYS_MS, retryDelay } from './delivery-worker.js';
export { OrganizationWebhooksResolver, WebhookEndpointResolver, WebhooksResolver } from './webhooks.resolver.js';
export { webhookMailTemplates } from './webhooks.mails.js';
export { systemResolve, reachable, type ResolveHost } from './outbound.js';

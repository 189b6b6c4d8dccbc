import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { type TestUser } from '../support/factory.js';
import { type GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { createToken, integration } from '../integration-tokens/tokens.js';
import { Receiver, verify } from './receiver.js';

/**
 * Webhooks end to end: a real receiver on loopback (allowed by the explicit setting), every
 * delivery verified with the `standardwebhooks` package. The workers are driven by hand, with the
 * server's clock moved for the retries: no sleeps.
 */
export const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes enabled } } }`;
const ROTATE = `mutation($input: WebhookEndpointRefInput!) { rotateWebhookSecret(input: $input) { secret endpoint { previousSecretExpiresAt } } }`;
const TEST = `mutation($input: WebhookEndpointRefInput!) { sendTestWebhook(input: $input) { id eventId eventType state } }`;
const REDELIVER = `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { id state } }`;
const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id enabled failingSince disabledAt } }`;
const ENDPOINTS = `query($id: ID!) { organization(id: $id) { webhookEndpoints { id url enabled failingSince disabledAt
  deliveries(first: 50) { id eventId eventType state attempts lastStatus nextAttemptAt attemptLog { attempt status error } } } } }`;
const REQUIRE = `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired } }`;
const EXEMPT = `mutation($input: ExemptMemberInput!) { exemptMember(input: $input) { id } }`;

const world = useTestServer({ env: { WEBHOOK_ALLOW_LOOPBACK: 'true' }, webhookWorkers: false });
const receiver = new Receiver();

let organization: { id: string; name: string };
let admin: TestUser;
let console_: GraphQLClient;

beforeAll(async () => {
  await receiver.start();
  organization = await world.factory.organization();
  admin = await world.factory.user({ twoFactor: true });
  await world.factory.member(organization.id, admin.id, 'ADMINISTRATOR');
  console_ = await world.factory.client(admin);
});
afterAll(() => receiver.stop());

/** Runs the workers until nothing is left to do now (the outbox, then the due deliveries). */
async function deliverNow(): Promise<void> {
  await world.app.webhookDispatcher.drain();
  await world.app.webhookDelivery.drain();
}

async function endpoint(eventTypes: string[]): Promise<{ id: string; secret: string }> {
  // Earlier tests' events go out first; a fresh session (the clock moves days in some tests).
  await deliverNow();
  console_ = await world.factory.client(admin);
  const { createWebhookEndpoint } = await console_.ok(CREATE, {
    input: { organizationId: organization.id, url: receiver.url, eventTypes, description: 'Ticketing' },
  });
  return { id: createWebhookEndpoint.endpoint.id, secret: createWebhookEndpoint.secret };
}

async function deliveriesOf(endpointId: string): Promise<any[]> {
  const { organization: seen } = await console_.ok(ENDPOINTS, { id: organization.id });
  return seen.webhookEndpoints.find((e: { id: string }) => e.id === endpointId).deliveries;
}

describe('signed deliveries', () => {
  it('creates an endpoint with a whsec_ secret shown once, and delivers a verified test event', async () => {
    const { id, secret } = await endpoint(['REQUIREMENT_CHANGED']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const before = receiver.received.length;
    const { sendTestWebhook } = await console_.ok(TEST, { input: { id } });
    expect(sendTestWebhook).toMatchObject({ eventType: 'webhook.test', state: 'PENDING' });
    await deliverNow();
    const got = receiver.received[before]!;
    expect(verify(secret, got, world.clock.now())).toMatchObject({ type: 'webhook.test', organizationId: organization.id });
    expect(got.headers['webhook-id']).toBe(sendTestWebhook.eventId);
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({
      state: 'DELIVERED',
      attempts: 1,
      lastStatus: 200,
      attemptLog: [{ attempt: 1, status: 200, error: null }],
    });
    // The secret is never read back.
    expect(JSON.stringify(await console_.ok(ENDPOINTS, { id: organization.id }))).not.toContain(secret);
  });

  it('sends the events of a change, queued with it: requirement.changed and exemption.created', async () => {
    const { secret } = await endpoint(['REQUIREMENT_CHANGED', 'EXEMPTION_CREATED']);
    const member = await world.factory.user();
    await world.factory.member(organization.id, member.id);
    const before = receiver.received.length;
    await console_.ok(REQUIRE, { input: { organizationId: organization.id, required: true, confirm: true } });
    const expiresAt = new Date(world.clock.now().getTime() + 7 * 86_400_000).toISOString();
    await console_.ok(EXEMPT, { input: { organizationId: organization.id, userId: member.id, reason: 'On leave', expiresAt } });
    // Queued in the change's transaction: the outbox holds it before any worker ran.
    const [outbox] = await world.factory.query(`select count(*) as n from webhook_outbox where organization_id = ?`, [organization.id]);
    expect(Number(outbox!.n)).toBeGreaterThanOrEqual(2);
    await deliverNow();
    const mine = receiver.received.slice(before).filter((r) => {
      try {
        verify(secret, r, world.clock.now());
        return true;
      } catch {
        return false;
      }
    });
    const byType = new Map(mine.map((r) => [r.json.type, r.json]));
    expect(byType.get('requirement.changed')).toMatchObject({
      organizationId: organization.id,
      data: { reason: 'REQUIRED', actor: { userId: admin.id } },
    });
    expect(byType.get('exemption.created')).toMatchObject({
      data: { member: { id: member.id, email: member.email, role: 'USER', kind: 'INTERNAL' }, details: { reason: 'On leave' } },
    });
    await console_.ok(REQUIRE, { input: { organizationId: organization.id, required: false, confirm: true } });
  });
});

describe('retries', () => {
  it('retries a failing receiver with the same webhook-id, and the log shows each attempt', async () => {
    const { id, secret } = await endpoint(['REQUIREMENT_CHANGED']);
    const before = receiver.received.length;
    receiver.answers = [500, 503, 500, 200];
    const { sendTestWebhook } = await console_.ok(TEST, { input: { id } });
    await deliverNow();
    const ofTest = async (): Promise<any> => (await deliveriesOf(id)).find((d) => d.eventId === sendTestWebhook.eventId);
    for (let i = 0; i < 3; i++) {
      const pending = await ofTest();
      expect(pending.state).toBe('PENDING');
      world.clock.set(new Date(pending.nextAttemptAt));
      await deliverNow();
    }
    const attempts = receiver.received.slice(before);
    expect(attempts).toHaveLength(4);
    for (const attempt of attempts) {
      expect(attempt.headers['webhook-id']).toBe(sendTestWebhook.eventId);
      expect(verify(secret, attempt, new Date(Number(attempt.headers['webhook-timestamp']) * 1000))).toBeTruthy();
    }
    const delivery = await ofTest();
    expect(delivery).toMatchObject({ state: 'DELIVERED', attempts: 4, lastStatus: 200 });
    expect(delivery.attemptLog.map((a: { status: number }) => a.status)).toEqual([500, 503, 500, 200]);
    expect(delivery.attemptLog[0].error).toBe('STATUS');
    // Redelivered on request: once more, the same id.
    await console_.ok(REDELIVER, { input: { deliveryId: delivery.id } });
    await deliverNow();
    expect(receiver.received.at(-1)!.headers['webhook-id']).toBe(sendTestWebhook.eventId);
  });

  it('tries a delivery waiting for its next retry now when asked (the receiver was fixed)', async () => {
    const { id } = await endpoint(['REQUIREMENT_CHANGED']);
    receiver.answers = [500];
    const { sendTestWebhook } = await console_.ok(TEST, { input: { id } });
    await deliverNow();
    const waiting = (await deliveriesOf(id)).find((d) => d.eventId === sendTestWebhook.eventId);
    expect(waiting).toMatchObject({ state: 'PENDING', attempts: 1, lastStatus: 500 });
    await console_.ok(REDELIVER, { input: { deliveryId: waiting.id } });
    await deliverNow(); // the clock has not moved: the retry goes because it was asked for
    expect((await deliveriesOf(id)).find((d) => d.id === waiting.id)).toMatchObject({ state: 'DELIVERED', attempts: 2, lastStatus: 200 });
  });

  it('switches off an endpoint that failed every attempt for 24 hours, and mails its administrators', async () => {
    const { id } = await endpoint(['REQUIREMENT_CHANGED']);
    receiver.answers = Array.from({ length: 20 }, () => 500);
    await console_.ok(TEST, { input: { id } });
    await deliverNow();
    // The retries' jitter may spend a delivery's 8 attempts in a little under 24 hours (22 at the
    // least): then the endpoint is still on, and the next event's failures switch it off.
    const switchedOff = async (): Promise<boolean> =>
      (await world.factory.query(`select enabled from webhook_endpoint where id = ?`, [id]))[0]!.enabled === false;
    for (let i = 0; i < 20 && !(await switchedOff()); i++) {
      console_ = await world.factory.client(admin);
      const [latest] = await deliveriesOf(id);
      if (latest.state === 'PENDING' && latest.nextAttemptAt) world.clock.set(new Date(latest.nextAttemptAt));
      else await console_.ok(TEST, { input: { id } });
      await deliverNow();
    }
    console_ = await world.factory.client(admin);
    const { organization: seen } = await console_.ok(ENDPOINTS, { id: organization.id });
    const off = seen.webhookEndpoints.find((e: { id: string }) => e.id === id);
    expect(off.enabled).toBe(false);
    expect(off.disabledAt).not.toBeNull();
    await world.smtp.waitFor((m) => m.to.includes(admin.email) && /webhook endpoint was switched off/.test(m.subject));
    receiver.answers = [];
    // Switched on again, it starts afresh.
    expect((await console_.ok(UPDATE, { input: { id, enabled: true } })).updateWebhookEndpoint).toMatchObject({
      enabled: true,
      failingSince: null,
    });
  });
});

describe('rotation', () => {
  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const { id, secret: old } = await endpoint(['REQUIREMENT_CHANGED']);
    const { rotateWebhookSecret } = await console_.ok(ROTATE, { input: { id } });
    const fresh = rotateWebhookSecret.secret as string;
    expect(fresh).not.toBe(old);
    const before = receiver.received.length;
    await console_.ok(TEST, { input: { id } });
    await deliverNow();
    const during = receiver.received[before]!;
    expect(verify(old, during, world.clock.now())).toBeTruthy();
    expect(verify(fresh, during, world.clock.now())).toBeTruthy();
    world.clock.advance(24 * 3_600_000 + 60_000);
    console_ = await world.factory.client(admin);
    await console_.ok(TEST, { input: { id } });
    await deliverNow();
    const after = receiver.received[before + 1]!;
    expect(verify(fresh, after, world.clock.now())).toBeTruthy();
    expect(() => verify(old, after, world.clock.now())).toThrow();
  });
});

describe('who may see and manage endpoints', () => {
  it('lists endpoints to a webhooks:read token, never secrets; refuses a user and other scopes', async () => {
    console_ = await world.factory.client(admin);
    const { token } = await createToken({ organization, admin, console: console_ }, { scopes: ['WEBHOOKS_READ'] });
    const listed = await integration(world.server, token).ok(`query($id: ID!) { organization(id: $id) { webhookEndpoints { id url } } }`, {
      id: organization.id,
    });
    expect(listed.organization.webhookEndpoints.length).toBeGreaterThan(0);
    const { token: other } = await createToken({ organization, admin, console: console_ }, { scopes: ['MEMBERS_READ'] });
    expect(
      await integration(world.server, other).code(`query($id: ID!) { organization(id: $id) { webhookEndpoints { id } } }`, {
        id: organization.id,
      }),
    ).toBe('SCOPE_REQUIRED');
    const user = await world.factory.user({ twoFactor: true });
    await world.factory.member(organization.id, user.id);
    const userClient = await world.factory.client(user);
    expect(
      await userClient.code(CREATE, { input: { organizationId: organization.id, url: receiver.url, eventTypes: ['MEMBER_BLOCKED'] } }),
    ).toBe('FORBIDDEN');
  });

  it('refuses bad input with stable codes and stores nothing', async () => {
    console_ = await world.factory.client(admin);
    const count = async (): Promise<number> =>
      Number((await world.factory.query(`select count(*) as n from webhook_endpoint where organization_id = ?`, [organization.id]))[0]!.n);
    const before = await count();
    const refuse = async (input: Record<string, unknown>): Promise<unknown> => {
      const result = await console_.request(CREATE, {
        input: { organizationId: organization.id, eventTypes: ['MEMBER_BLOCKED'], url: receiver.url, ...input },
      });
      return result.errors?.[0]?.extensions;
    };
    expect(await refuse({ url: 'ftp://example.com/x' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url', reason: 'SCHEME' });
    expect(await refuse({ url: 'http://user:pw@example.com/' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CREDENTIALS' });
    expect(await refuse({ url: 'not a url' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MALFORMED' });
    expect(await refuse({ url: 'http://10.0.0.5/hook' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PRIVATE_ADDRESS' });
    expect(await refuse({ eventTypes: [] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventTypes' });
    expect(await count()).toBe(before);
  });
});

export { Webhook };

describe('redirects', () => {
  it('never follows a redirect (to a metadata address or anywhere)', async () => {
    const { id } = await endpoint(['REQUIREMENT_CHANGED']);
    const before = receiver.received.length;
    receiver.answers = [{ redirect: 'http://169.254.169.254/latest/meta-data/' }];
    const { sendTestWebhook } = await console_.ok(TEST, { input: { id } });
    await deliverNow();
    expect(receiver.received.length).toBe(before + 1);
    const delivery = (await deliveriesOf(id)).find((d) => d.eventId === sendTestWebhook.eventId);
    expect(delivery).toMatchObject({ state: 'PENDING', lastStatus: 302 });
    expect(delivery.attemptLog[0].error).toMatch(/^REDIRECT/);
  });
});

describe('alerts, members and compliance', () => {
  it('sends alert.delivered, member.removed and compliance.complete when the last member without 2FA goes', async () => {
    const own = await world.factory.organization();
    await world.factory.member(own.id, admin.id, 'ADMINISTRATOR');
    console_ = await world.factory.client(admin);
    const { createWebhookEndpoint } = await console_.ok(CREATE, {
      input: { organizationId: own.id, url: receiver.url, eventTypes: ['ALERT_DELIVERED', 'MEMBER_REMOVED', 'COMPLIANCE_COMPLETE'] },
    });
    const secret = createWebhookEndpoint.secret as string;
    const member = await world.factory.user();
    await world.factory.member(own.id, member.id);
    const before = receiver.received.length;
    const ALERT = `mutation($input: SendAlertInput!) { sendAlert(input: $input) { id } }`;
    const { sendAlert } = await console_.ok(ALERT, { input: { organizationId: own.id, userId: member.id, confirm: true } });
    await world.smtp.waitFor((m) => m.to.includes(member.email));
    await console_.ok(`mutation($input: MemberRefInput!) { removeMember(input: $input) }`, {
      input: { organizationId: own.id, userId: member.id },
    });
    await expect
      .poll(
        async () => {
          await deliverNow();
          return receiver.received.slice(before).map((r) => r.json.type);
        },
        { timeout: 10_000 },
      )
      .toEqual(expect.arrayContaining(['alert.delivered', 'member.removed', 'compliance.complete']));
    const events = new Map(receiver.received.slice(before).map((r) => [r.json.type, r]));
    expect(verify(secret, events.get('alert.delivered')!, world.clock.now())).toMatchObject({
      data: { alertId: sendAlert.id, member: { id: member.id, email: member.email } },
    });
    expect(events.get('member.removed')!.json.data).toMatchObject({
      member: { id: member.id, email: member.email },
      actor: { userId: admin.id },
    });
    expect(events.get('compliance.complete')!.json).toMatchObject({ organizationId: own.id, data: { compliancePercent: 100 } });
  });
});

describe('the delivery log’s retention', () => {
  it('keeps events 30 days, and a pending delivery’s event until it ends', async () => {
    const own = await world.factory.organization();
    await world.factory.member(own.id, admin.id, 'ADMINISTRATOR');
    console_ = await world.factory.client(admin);
    const { createWebhookEndpoint } = await console_.ok(CREATE, {
      input: { organizationId: own.id, url: receiver.url, eventTypes: ['REQUIREMENT_CHANGED'], description: 'Retention' },
    });
    const id = createWebhookEndpoint.endpoint.id as string;
    const delivered = (await console_.ok(TEST, { input: { id } })).sendTestWebhook.eventId as string;
    await deliverNow();
    receiver.answers = [500];
    const failing = (await console_.ok(TEST, { input: { id } })).sendTestWebhook.eventId as string;
    await deliverNow();
    const eventsOf = async (): Promise<string[]> =>
      (await world.factory.query(`select id from webhook_event where organization_id = ? order by created_at`, [own.id])).map(
        (r) => r.id as string,
      );
    expect(await eventsOf()).toEqual([delivered, failing]);

    world.clock.advance(29 * 86_400_000);
    await world.app.webhookDispatcher.prune(world.clock.now());
    expect(await eventsOf()).toEqual([delivered, failing]);
    world.clock.advance(2 * 86_400_000);
    await world.app.webhookDispatcher.prune(world.clock.now());
    // The delivered one went (with its delivery and attempt); the one still being retried stays.
    expect(await eventsOf()).toEqual([failing]);
    expect(
      Number(
        (
          await world.factory.query(
            `select count(*) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id where d.event_id = ?`,
            [delivered],
          )
        )[0]!.count,
      ),
    ).toBe(0);
  });
});

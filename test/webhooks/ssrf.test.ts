import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { type GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { Receiver } from './receiver.js';

/**
 * No SSRF, with the production rules: NODE_ENV=production (https only) and loopback not allowed.
 * This machine has no DNS: names resolve through a stub, so a name can point at a private address,
 * or change its answer between the check at creation and the delivery (DNS rebinding).
 */
const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`;
const TEST = `mutation($input: WebhookEndpointRefInput!) { sendTestWebhook(input: $input) { id } }`;
const DELIVERIES = `query($id: ID!) { organization(id: $id) { webhookEndpoints { id deliveries { id state attemptLog { error status } } } } }`;

const receiver = new Receiver();
/** What each stubbed name resolves to; `rebind.example` answers a public address once, then loopback. */
let rebindCalls = 0;
const names: Record<string, () => string[]> = {
  'internal.example': () => ['10.1.2.3'],
  'metadata.example': () => ['169.254.169.254'],
  'mixed.example': () => ['93.184.216.34', '192.168.1.10'],
  'six.example': () => ['fd00::1'],
  'rebind.example': () => (++rebindCalls === 1 ? ['93.184.216.34'] : ['127.0.0.1']),
};

const world = useTestServer({
  env: { NODE_ENV: 'production', SECRET_KEY: Buffer.alloc(32, 7).toString('base64') },
  webhookWorkers: false,
  resolveHost: (host) =>
    names[host] ? Promise.resolve(names[host]()) : Promise.reject(Object.assign(new Error('no DNS'), { code: 'ENOTFOUND' })),
});

let organization: { id: string };
let admin: TestUser;
let api: GraphQLClient;

beforeAll(async () => {
  await receiver.start();
  organization = await world.factory.organization();
  admin = await world.factory.user({ twoFactor: true });
  await world.factory.member(organization.id, admin.id, 'ADMINISTRATOR');
  api = await world.factory.client(admin);
});
afterAll(() => receiver.stop());

async function refusal(url: string): Promise<unknown> {
  const result = await api.request(CREATE, { input: { organizationId: organization.id, url, eventTypes: ['MEMBER_BLOCKED'] } });
  return result.errors?.[0]?.extensions;
}

describe('webhook URLs in production', () => {
  it('refuses loopback, private, link-local and metadata addresses in every spelling, with a stable code', async () => {
    for (const url of [
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://10.0.0.1/hook',
      'https://172.16.5.4/hook',
      'https://192.168.0.10/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fe80::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://0x7f000001/hook',
      'https://2130706433/hook',
      'https://0.0.0.0/hook',
      'https://100.64.0.1/hook',
      'https://internal.example/hook',
      'https://metadata.example/hook',
      'https://mixed.example/hook',
      'https://six.example/hook',
    ]) {
      expect(await refusal(url), url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url', reason: 'PRIVATE_ADDRESS' });
    }
    expect(await refusal(receiver.url)).toMatchObject({ reason: 'SCHEME' }); // http:// in production
    const [row] = await world.factory.query(`select count(*) as n from webhook_endpoint`);
    expect(Number(row!.n)).toBe(0);
  });

  it('checks again at delivery: a name that turns to loopback (DNS rebinding) is never connected to', async () => {
    const port = new URL(receiver.url).port;
    const created = await api.ok(CREATE, {
      input: { organizationId: organization.id, url: `https://rebind.example:${port}/hooks`, eventTypes: ['MEMBER_BLOCKED'] },
    });
    const id = created.createWebhookEndpoint.endpoint.id as string;
    await api.ok(TEST, { input: { id } });
    await world.app.webhookDelivery.drain();
    const { organization: seen } = await api.ok(DELIVERIES, { id: organization.id });
    const [delivery] = seen.webhookEndpoints.find((e: { id: string }) => e.id === id).deliveries;
    expect(delivery.state).toBe('PENDING'); // retried later, checked again then
    expect(delivery.attemptLog).toEqual([{ error: 'ADDRESS_REFUSED: 127.0.0.1', status: null }]);
    expect(receiver.received).toHaveLength(0);
  });
});

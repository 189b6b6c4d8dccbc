import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Factory } from '../support/factory.js';
import { freePort } from '../support/free-port.js';
import { GraphQLClient } from '../support/graphql-client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { missingPart } from '../support/skip.js';
import { administeredOrganization, createToken } from '../integration-tokens/tokens.js';
import { ACCESS_CHANGED, LiveClient, MEMBER_CHANGED, REQUIRE, SEND_ALERT, subscribed, until } from './live-client.js';

/**
 * Several instances (SECURITY.md 24–25): with `REDIS_URL`, an event caused on one instance
 * reaches subscribers connected to another, and so do revocations and blocks. Instance A runs in
 * this process; instance B is a second server process (`packages/server/dist/main.js`) on the
 * same PostgreSQL database and Redis. They share nothing else.
 */
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const mainJs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/server/dist/main.js');

async function redisMissing(): Promise<string | undefined> {
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return `Redis at ${redisUrl} is not reachable (${(error as Error).message}); the multi-instance tests need it`;
  } finally {
    probe.disconnect();
  }
}

/** Instance B: the built server as its own process. */
async function startInstanceB(a: TestServer): Promise<{ url: string; process: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-b-'));
  const child = spawn(process.execPath, [mainJs], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: a.databaseUrl,
      REDIS_URL: redisUrl,
      SMTP_URL: a.smtp.url,
      DATA_DIR: dataDir,
      DEMO: 'false',
      MAIL_POLL_MS: '25',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance B exited (${child.exitCode}): ${stderr}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`instance B did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    process: child,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const skip = await redisMissing().then(missingPart);

describe.skipIf(skip)('two instances with Redis', () => {
  let a: TestServer;
  let b: Awaited<ReturnType<typeof startInstanceB>>;
  let factory: Factory;
  let redis: Redis;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    a = await startTestServer({ REDIS_URL: redisUrl });
    b = await startInstanceB(a);
    factory = new Factory(a.app);
    redis = new Redis(redisUrl);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    redis?.disconnect();
    await b?.stop();
    await a?.stop();
  });

  function live(url: string, credentials: ConstructorParameters<typeof LiveClient>[1]): LiveClient {
    const client = new LiveClient(url, credentials);
    clients.push(client);
    return client;
  }

  /** Both instances listen to the organization's channel: subscriptions on each are in place. */
  const bothListening = (organizationId: string) =>
    until(async () => {
      const [, count] = (await redis.pubsub('NUMSUB', `twostep:organization:${organizationId}`)) as [string, number];
      return Number(count) >= 2;
    }, 'both instances to listen to the organization');

  it('an event caused on one instance reaches subscribers on the other, both ways', async () => {
    const org = await administeredOrganization(factory);
    const member = await factory.user();
    await factory.member(org.organization.id, member.id, 'USER');
    const { token, id } = await createToken(org, { scopes: ['EVENTS_READ'] });
    const onA = live(a.url, { bearer: token }).subscribe(MEMBER_CHANGED, { id: org.organization.id });
    const onB = live(b.url, { bearer: token }).subscribe(MEMBER_CHANGED, { id: org.organization.id });
    await subscribed(a.app, id);
    await bothListening(org.organization.id);

    // Caused on A (the console's request lands there).
    await org.console.ok(SEND_ALERT, { input: { organizationId: org.organization.id, userId: member.id, confirm: true } });
    for (const watch of [onA, onB]) {
      expect((await watch.result(0)).data.memberSecurityChanged).toMatchObject({
        organizationId: org.organization.id,
        change: 'ALERTED',
        member: { id: member.id },
        alert: { state: 'QUEUED' },
      });
    }
    // Caused on B.
    const consoleOnB = new GraphQLClient(b.url, org.console.credentials);
    await consoleOnB.ok(`mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`, {
      input: { organizationId: org.organization.id, userId: member.id, role: 'ADMINISTRATOR' },
    });
    for (const watch of [onA, onB]) {
      await watch.until(() => watch.results.some((r) => r.data.memberSecurityChanged.change === 'ROLE_CHANGED'), 'the role change');
      const change = watch.results.find((r) => r.data.memberSecurityChanged.change === 'ROLE_CHANGED')!.data.memberSecurityChanged;
      expect(change.member.role).toBe('ADMINISTRATOR');
    }
  });

  it('a session revoked on one instance closes its socket on the other', async () => {
    const user = await factory.user();
    const desktop = await factory.sessionToken(user.id, 'DESKTOP');
    const client = live(b.url, { bearer: desktop });
    const watch = client.subscribe(ACCESS_CHANGED);
    await client.connected;
    await new GraphQLClient(a.url, { bearer: desktop }).ok(`mutation { signOut }`);
    expect(await watch.closed()).toBe(4403);
  });

  it('a requirement switched on through one instance blocks a member’s web socket on the other', async () => {
    const org = await factory.organization();
    const legal = await factory.user({ twoFactor: true });
    const admin = await factory.user();
    await factory.member(org.id, legal.id, 'LEGAL_REPRESENTATIVE');
    await factory.member(org.id, admin.id, 'ADMINISTRATOR');
    const legalConsole = await factory.client(legal);
    // A dashboard on A too, so that both instances listen to the organization.
    const { token } = await createToken({ organization: org, admin: legal, console: legalConsole }, { scopes: ['EVENTS_READ'] });
    live(a.url, { bearer: token }).subscribe(MEMBER_CHANGED, { id: org.id });
    const web = live(b.url, {
      cookie: `twostep_session=${await factory.sessionToken(admin.id)}`,
      origin: `http://localhost:${new URL(b.url).port}`,
    });
    const access = web.subscribe(ACCESS_CHANGED);
    const members = web.subscribe(MEMBER_CHANGED, { id: org.id });
    await bothListening(org.id);

    await legalConsole.ok(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } });
    expect((await access.result(0)).data.viewerAccessChanged).toEqual({
      blocked: true,
      requiringOrganizations: [{ id: org.id, name: org.name }],
    });
    expect((await members.failure())[0]?.extensions?.code).toBe('TWO_FACTOR_REQUIRED');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startTwostep, type Twostep } from '@twostep/server';
import { Factory } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * SECURITY.md 26: "two workers never send the same alert". Two server instances share one
 * database; their campaign runners and mail workers drain the same work at the same time.
 */
let first: TestServer;
let second: Twostep;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-second-'));

beforeAll(async () => {
  first = await startTestServer({}, { mailWorkers: false, campaignWorkers: false });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: first.databaseUrl,
    SMTP_URL: first.smtp.url,
    DATA_DIR: dataDir,
    DEMO: 'false',
    LOG_LEVEL: 'fatal',
  });
  second = await startTwostep({ config, clock: first.clock, mailWorkers: false, campaignWorkers: false });
});
afterAll(async () => {
  await second?.stop();
  await first?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('two instances on one database', () => {
  it('alert each member once and send each mail once, draining concurrently', async () => {
    const factory = new Factory(first.app);
    const org = await factory.organization('Twin Org');
    const admin = await factory.user({ twoFactor: true });
    await factory.member(org.id, admin.id, 'ADMINISTRATOR');
    await factory.bulkMembers(org.id, 1500);
    const api = await factory.client(admin);
    const { alertAllWithoutTwoFactor } = await api.ok(
      `mutation($input: AlertAllInput!) { alertAllWithoutTwoFactor(input: $input) { id } }`,
      { input: { organizationId: org.id, confirm: true } },
    );

    await Promise.all([first.app.campaignRunner.drain(), second.campaignRunner.drain(), first.app.campaignRunner.drain()]);
    const [alerts] = await factory.query(
      `select count(*)::int as alerts, count(distinct user_id)::int as members, (select state from alert_campaign where id = ?) as state
       from alert where organization_id = ?`,
      [alertAllWithoutTwoFactor.id, org.id],
    );
    expect(alerts).toEqual({ alerts: 1500, members: 1500, state: 'FINISHED' });

    await Promise.all([first.app.mailWorker.drain(), second.mailWorker.drain(), second.mailWorker.drain()]);
    expect(await factory.query(`select state, attempts, count(*)::int as n from mail_message group by 1, 2`)).toEqual([
      { state: 'SENT', attempts: 1, n: 1500 },
    ]);
    const ids = first.smtp.messages.map((m) => m.headers['message-id']);
    expect(ids).toHaveLength(1500);
    expect(new Set(ids).size).toBe(1500);
  }, 120_000);
});

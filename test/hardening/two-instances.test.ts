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
  first = await startTestServer({}, { mailWorkers: false, campaignWorkers: false, rolloutWorkers: false });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: first.databaseUrl,
    SMTP_URL: first.smtp.url,
    DATA_DIR: dataDir,
    DEMO: 'false',
    LOG_LEVEL: 'fatal',
  });
  second = await startTwostep({ config, clock: first.clock, mailWorkers: false, campaignWorkers: false, rolloutWorkers: false });
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

  it('turn a scheduled requirement on once and send each reminder once, sweeping concurrently (issue 14)', async () => {
    const factory = new Factory(first.app);
    const org = await factory.organization('Twin Plan');
    const lead = await factory.user({ twoFactor: true });
    await factory.member(org.id, lead.id, 'LEGAL_REPRESENTATIVE');
    await factory.bulkMembers(org.id, 300, { prefix: 'twinplan' });
    const api = await factory.client(lead);
    const date = new Date(first.clock.now().getTime() + 3 * 86_400_000);
    await api.ok(`mutation($input: ScheduleTwoFactorRequirementInput!) { scheduleTwoFactorRequirement(input: $input) { requiredFrom } }`, {
      input: { organizationId: org.id, requiredFrom: date.toISOString(), confirm: true },
    });
    const sweepBoth = () =>
      Promise.all([
        first.app.rolloutSweeper.runOnce(),
        second.rolloutSweeper.runOnce(),
        first.app.rolloutSweeper.drain(),
        second.rolloutSweeper.drain(),
      ]);
    const runBoth = () => Promise.all([first.app.campaignRunner.drain(), second.campaignRunner.drain()]);

    // The 1-day reminder, then the date with its switch and the reminder at the switch.
    first.clock.set(new Date(date.getTime() - 86_400_000 + 1000));
    await sweepBoth();
    await runBoth();
    first.clock.set(new Date(date.getTime() + 1000));
    await sweepBoth();
    await sweepBoth();
    await runBoth();

    const [enabled] = await factory.query(
      `select count(*)::int as n from audit_event where organization_id = ? and action = 'REQUIREMENT_ENABLED'`,
      [org.id],
    );
    expect(enabled).toEqual({ n: 1 });
    const campaigns = await factory.query(
      `select reminder_offset, state, queued_count from alert_campaign where organization_id = ? order by reminder_offset desc`,
      [org.id],
    );
    expect(campaigns).toEqual([
      { reminder_offset: 1, state: 'FINISHED', queued_count: 300 },
      { reminder_offset: 0, state: 'FINISHED', queued_count: 300 },
    ]);
    const [alerts] = await factory.query(
      `select count(*)::int as alerts, count(distinct (user_id, reminder_offset))::int as distinct_alerts from alert where organization_id = ?`,
      [org.id],
    );
    expect(alerts).toEqual({ alerts: 600, distinct_alerts: 600 });
  }, 120_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { type GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';

const ALERT = `mutation($input: SendAlertInput!) { sendAlert(input: $input) { id state attempts sentAt } }`;
const CAMPAIGN = `mutation($input: AlertAllInput!) { alertAllWithoutTwoFactor(input: $input) { id state queued skipped } }`;
const CAMPAIGN_STATE = `query($id: ID!) { organization(id: $id) { alertCampaign { id state queued skipped finishedAt } } }`;

describe('alerts to one member', () => {
  const world = useTestServer();
  let org: { id: string };
  let admin: TestUser;
  let api: GraphQLClient;
  beforeAll(async () => {
    org = await world.factory.organization('Alerting Org');
    admin = await world.factory.user({ twoFactor: true });
    await world.factory.member(org.id, admin.id, 'ADMINISTRATOR');
    api = await world.factory.client(admin);
  });

  it('needs confirmation, refuses members with 2FA, and is rate-limited per member with the time of the next one', async () => {
    const member = await world.factory.user();
    const compliant = await world.factory.user({ twoFactor: true });
    await world.factory.member(org.id, member.id);
    await world.factory.member(org.id, compliant.id);
    expect(await api.code(ALERT, { input: { organizationId: org.id, userId: member.id, confirm: false } })).toBe('CONFIRMATION_REQUIRED');
    expect(await api.code(ALERT, { input: { organizationId: org.id, userId: compliant.id, confirm: true } })).toBe('CONFLICT');
    expect(await api.code(ALERT, { input: { organizationId: org.id, userId: 'not-an-id', confirm: true } })).toBe('BAD_USER_INPUT');
    await api.ok(ALERT, { input: { organizationId: org.id, userId: member.id, confirm: true } });
    const refused = await api.request(ALERT, { input: { organizationId: org.id, userId: member.id, confirm: true } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('ALERT_TOO_SOON');
    expect(new Date(String(refused.errors?.[0]?.extensions?.retryAt)).getTime()).toBe(world.clock.now().getTime() + 24 * 3600_000);
    world.clock.advance(24 * 3600_000);
    api = await world.factory.client(admin); // the web session idled out meanwhile
    await api.ok(ALERT, { input: { organizationId: org.id, userId: member.id, confirm: true } });
    await expect.poll(() => world.smtp.to(member.email).length, { timeout: 5000 }).toBe(2);
  });

  it('lets exactly one of two concurrent alerts to the same member through', async () => {
    const member = await world.factory.user();
    await world.factory.member(org.id, member.id);
    const results = await Promise.all(
      [1, 2].map(() => api.request(ALERT, { input: { organizationId: org.id, userId: member.id, confirm: true } })),
    );
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'ALERT_TOO_SOON').length).toBe(1);
  });

  it('shows the delivery state: queued, then sent; failed after the retries run out', async () => {
    const member = await world.factory.user();
    await world.factory.member(org.id, member.id);
    const { sendAlert } = await api.ok(ALERT, { input: { organizationId: org.id, userId: member.id, confirm: true } });
    const STATE = `query($id: ID!, $u: ID!) { organization(id: $id) { member(userId: $u) { alerts { id state attempts lastError sentAt } } } }`;
    await expect
      .poll(async () => (await api.ok(STATE, { id: org.id, u: member.id })).organization.member.alerts[0].state, { timeout: 5000 })
      .toBe('SENT');
    const [mail] = await world.factory.query(`select m.id from mail_message m join alert a on a.mail_id = m.id where a.id = ?`, [
      sendAlert.id,
    ]);
    const delivered = world.smtp.to(member.email)[0]!;
    expect(delivered.headers['message-id']).toBe(`<${mail!.id}@twostep.localhost>`);

    const unlucky = await world.factory.user();
    await world.factory.member(org.id, unlucky.id);
    world.smtp.failNext = 100;
    await api.ok(ALERT, { input: { organizationId: org.id, userId: unlucky.id, confirm: true } });
    for (let i = 0; i < 8; i++) {
      await world.app.mailWorker.drain();
      world.clock.advance(3 * 3600_000);
    }
    world.smtp.failNext = 0;
    api = await world.factory.client(admin);
    const failed = (await api.ok(STATE, { id: org.id, u: unlucky.id })).organization.member.alerts[0];
    expect(failed).toMatchObject({ state: 'FAILED', attempts: 6, sentAt: null });
    expect(failed.lastError).toMatch(/451/);
  });
});

describe('alert all members without 2FA (a resumable campaign)', () => {
  const world = useTestServer({ mailWorkers: false, campaignWorkers: false });
  let org: { id: string };
  let api: GraphQLClient;
  beforeAll(async () => {
    org = await world.factory.organization('Campaign Org');
    const admin = await world.factory.user({ twoFactor: true });
    await world.factory.member(org.id, admin.id, 'ADMINISTRATOR');
    api = await world.factory.client(admin);
    await world.factory.bulkMembers(org.id, 2100);
    await world.factory.bulkMembers(org.id, 300, { twoFactor: true });
  });

  it('skips the recently alerted, survives a crash in the middle of a batch, and queues each alert once', async () => {
    const recent = await world.factory.query(
      `select m.user_id from membership m join "user" u on u.id = m.user_id where m.organization_id = ? and not u.two_factor_enabled order by u.email limit 3`,
      [org.id],
    );
    for (const row of recent) await api.ok(ALERT, { input: { organizationId: org.id, userId: row.user_id, confirm: true } });

    const { alertAllWithoutTwoFactor: started } = await api.ok(CAMPAIGN, { input: { organizationId: org.id, confirm: true } });
    expect(started).toMatchObject({ state: 'RUNNING', queued: 0, skipped: 0 });
    expect(await api.code(CAMPAIGN, { input: { organizationId: org.id, confirm: true } })).toBe('CONFLICT');

    await world.app.campaignRunner.runOnce(); // first batch commits

    // The process dies in the middle of the second batch: its transaction never commits.
    await world.factory.query(
      `create function crash() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$`,
    );
    // (An alert is its mail: `alert` is a view over the alert mails.)
    await world.factory.query(
      `create trigger crash_alerts before insert on mail_message for each row when (new.template = 'two-factor-alert') execute function crash()`,
    );
    await expect(world.app.campaignRunner.runOnce()).rejects.toThrow(/simulated crash/);
    await world.factory.query(`drop trigger crash_alerts on mail_message`);

    await world.app.campaignRunner.drain(); // resumed from the saved cursor
    const { organization } = await api.ok(CAMPAIGN_STATE, { id: org.id });
    expect(organization.alertCampaign).toMatchObject({ id: started.id, state: 'FINISHED', queued: 2097, skipped: 3 });

    const [counts] = await world.factory.query(
      `select count(*) as alerts, count(distinct user_id) as members, (select count(*) from mail_message where template = 'two-factor-alert') as mails
       from alert where organization_id = ? and campaign_id = ?`,
      [org.id, started.id],
    );
    expect(counts).toMatchObject({ alerts: '2097', members: '2097', mails: '2100' });
    const log = await api.ok(
      `query($id: ID!) { organization(id: $id) { auditLog(first: 2, filter: { actions: [CAMPAIGN_STARTED, CAMPAIGN_FINISHED] }) { edges { node { action data } } } } }`,
      { id: org.id },
    );
    expect(log.organization.auditLog.edges[0].node).toMatchObject({ action: 'CAMPAIGN_FINISHED', data: { queued: 2097, skipped: 3 } });

    // Deliver; a transient SMTP failure is retried after its backoff (the test moves the clock).
    for (let round = 0; round < 5; round++) {
      await world.app.mailWorker.drain();
      const [{ queued }] = (await world.factory.query(`select count(*) as queued from mail_message where state = 'QUEUED'`)) as [
        { queued: string },
      ];
      if (queued === '0') break;
      world.clock.advance(31_000);
    }
    expect(await world.factory.query(`select state, count(*) as n from mail_message group by 1`)).toEqual([{ state: 'SENT', n: '2100' }]);
    expect(world.smtp.messages).toHaveLength(2100);
    expect(new Set(world.smtp.messages.map((m) => m.to[0])).size).toBe(2100);
  }, 120_000);
});

describe('a campaign’s mail and everyone else’s', () => {
  const world = useTestServer({ mailWorkers: false, campaignWorkers: false });
  let org: { id: string };
  let api: GraphQLClient;
  const RESET = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`;
  beforeAll(async () => {
    org = await world.factory.organization('Bulk Org');
    const admin = await world.factory.user({ twoFactor: true });
    await world.factory.member(org.id, admin.id, 'ADMINISTRATOR');
    api = await world.factory.client(admin);
    await world.factory.bulkMembers(org.id, 2100);
  });

  const alertMails = () => world.smtp.messages.filter((m) => /asks you to enable two-step verification/.test(m.subject));

  it('holds the campaign’s alerts until it is queued whole, and never makes a password reset wait behind them', async () => {
    await api.ok(CAMPAIGN, { input: { organizationId: org.id, confirm: true } });
    await world.app.campaignRunner.runOnce(); // 2,000 of 2,100 queued
    expect(world.app.campaignRunner.queueing).toBe(true);

    const early = await world.factory.user();
    await api.ok(RESET, { input: { email: early.email } });
    await world.app.services.accounts.settled(); // the link is queued just after the answer
    expect(await world.app.mailWorker.runOnce()).toBe(1); // the reset, alone
    expect(world.smtp.to(early.email)).toHaveLength(1);
    expect(alertMails()).toHaveLength(0);

    await world.app.campaignRunner.drain();
    expect(world.app.campaignRunner.queueing).toBe(false);
    const late = await world.factory.user();
    await api.ok(RESET, { input: { email: late.email } });
    await world.app.services.accounts.settled();
    // Queued after 2,100 alerts, delivered in the first round of 50 all the same.
    expect(await world.app.mailWorker.runOnce()).toBe(50);
    expect(world.smtp.to(late.email)).toHaveLength(1);
    expect(alertMails()).toHaveLength(49);
    const [bulk] = await world.factory.query(
      `select count(*) filter (where bulk) as bulk, count(*) filter (where not bulk) as personal from mail_message`,
    );
    expect(bulk).toEqual({ bulk: '2100', personal: '2' });
  });
});

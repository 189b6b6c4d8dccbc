import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';
import { administeredOrganization, createToken } from '../integration-tokens/tokens.js';
import { LiveClient, SUMMARY_CHANGED, subscribed, until } from './live-client.js';

/**
 * The security summary is coalesced: however many member events a campaign causes, a subscriber
 * receives at most one summary a second, each with the current counts.
 */
const world = useTestServer();

describe('securitySummaryChanged', () => {
  it('a campaign of 1,200 alerts gives a bounded summary stream, about one a second', async () => {
    const org = await administeredOrganization(world.factory);
    const recipients = 1_200;
    await world.factory.bulkMembers(org.organization.id, recipients);
    const { token, id } = await createToken(org, { scopes: ['EVENTS_READ'] });
    const dashboard = new LiveClient(world.url, { bearer: token });
    const summaries = dashboard.subscribe(SUMMARY_CHANGED, { id: org.organization.id });
    const members = dashboard.subscribe(`subscription($id: ID!) { memberSecurityChanged(organizationId: $id) { change } }`, {
      id: org.organization.id,
    });
    await subscribed(world.app, id, 2);

    const started = Date.now();
    await org.console.ok(`mutation($input: AlertAllInput!) { alertAllWithoutTwoFactor(input: $input) { id } }`, {
      input: { organizationId: org.organization.id, confirm: true },
    });
    // Every alert's delivery is a member event; wait for all of them.
    await members.until(() => members.results.length >= recipients, `${recipients} delivery events`, 60_000);
    const lastEvent = Date.now();
    // The trailing summary goes out within one interval (1 s) of the last change. Nothing later on
    // this subscription marks that it came (every summary of the campaign carries the same counts),
    // and no poll can show that no more will come: a bounded wait of the interval and a margin.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const seconds = (lastEvent - started) / 1000;

    expect(members.results.every((r) => r.data.memberSecurityChanged.change === 'ALERT_DELIVERY_CHANGED')).toBe(true);
    expect(summaries.results.length).toBeGreaterThanOrEqual(1);
    expect(summaries.results.length).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    // Ticks leave the server at least a second apart; reads under load shift arrivals a little.
    const { arrivals } = summaries;
    for (let i = 1; i < arrivals.length; i += 1) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(500);
    if (arrivals.length > 2) expect((arrivals.at(-1)! - arrivals[0]!) / (arrivals.length - 1)).toBeGreaterThanOrEqual(900);
    const last = summaries.results.at(-1)!.data.securitySummaryChanged;
    expect(last).toMatchObject({ organizationId: org.organization.id, summary: { members: recipients + 1, withoutTwoFactor: recipients } });
    await dashboard.dispose();
  }, 90_000);

  it('a quiet organization sends none; the first change after a quiet second goes out at once', async () => {
    const org = await administeredOrganization(world.factory);
    const member = await world.factory.user();
    await world.factory.member(org.organization.id, member.id, 'USER');
    const console = new LiveClient(world.url, {
      cookie: `twostep_session=${await world.factory.sessionToken(org.admin.id)}`,
      origin: new URL(world.app.config.publicUrl).origin,
    });
    const summaries = console.subscribe(SUMMARY_CHANGED, { id: org.organization.id });
    await subscribed(world.app, org.admin.id);
    // A quiet window, as a bounded wait: the only thing that could follow a summary sent while the
    // organization is quiet is the change's own summary below, and it would look the same (same
    // counts, same clock), so no later arrival can mark that none came.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(summaries.results).toEqual([]);
    const changed = Date.now();
    await org.console.ok(`mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`, {
      input: { organizationId: org.organization.id, userId: member.id, role: 'ADMINISTRATOR' },
    });
    const { summary } = (await summaries.result(0)).data.securitySummaryChanged;
    expect(Date.now() - changed).toBeLessThan(900);
    expect(summary).toEqual({ members: 2, withTwoFactor: 1, withoutTwoFactor: 1, compliancePercent: 50 });
    await until(() => world.app.services.live.streamsOf(org.admin.id) === 1, 'the subscription');
    await console.dispose();
    await until(() => world.app.services.live.streamsOf(org.admin.id) === 0, 'the subscription to end');
  });
});

describe('alertCampaignChanged', () => {
  it('tells the campaign’s counts after each batch and when it finishes', async () => {
    const org = await administeredOrganization(world.factory);
    await world.factory.bulkMembers(org.organization.id, 2_500);
    const { token, id } = await createToken(org, { scopes: ['EVENTS_READ'] });
    const dashboard = new LiveClient(world.url, { bearer: token });
    const campaigns = dashboard.subscribe(
      `subscription($id: ID!) { alertCampaignChanged(organizationId: $id) { campaignId campaign { state queued skipped } } }`,
      { id: org.organization.id },
    );
    await subscribed(world.app, id, 1);
    const { alertAllWithoutTwoFactor } = await org.console.ok(
      `mutation($input: AlertAllInput!) { alertAllWithoutTwoFactor(input: $input) { id } }`,
      {
        input: { organizationId: org.organization.id, confirm: true },
      },
    );
    // One event per batch (CAMPAIGN_BATCH_SIZE members): two for 2,500. Each reads the campaign
    // when it is delivered, so the first may already say FINISHED.
    await campaigns.until(
      () => campaigns.results.length >= 2 && campaigns.results.some((r) => r.data.alertCampaignChanged.campaign.state === 'FINISHED'),
      'the campaign to finish',
      30_000,
    );
    const changes = campaigns.results.map((r) => r.data.alertCampaignChanged);
    expect(changes.every((c) => c.campaignId === alertAllWithoutTwoFactor.id)).toBe(true);
    expect(changes.at(-1)!.campaign).toEqual({ state: 'FINISHED', queued: 2_500, skipped: 0 });
    await dashboard.dispose();
  }, 60_000);
});

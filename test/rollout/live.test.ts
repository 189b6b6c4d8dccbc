import { afterEach, describe, expect, it } from 'vitest';
import { LiveClient, MEMBER_CHANGED, subscribed } from '../live/live-client.js';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * A plan, live (issue 14): the member's open console learns their deadline when the date is set,
 * and of the block the moment the sweeper switches the requirement on (SECURITY.md 10); the
 * administrator's console hears of the plan and of exemptions as they happen.
 */
const HOUR_MS = 3_600_000;
const ACCESS = `subscription { viewerAccessChanged { blocked blockingOrganizations { id } deadlines { organization { id } deadline } } }`;
const POLICY = `subscription($id: ID!) { organizationPolicyChanged(organizationId: $id) { twoFactorRequired requiredFrom } }`;
const SCHEDULE = `mutation($input: ScheduleTwoFactorRequirementInput!) { scheduleTwoFactorRequirement(input: $input) { requiredFrom } }`;
const EXEMPT = `mutation($input: ExemptMemberInput!) { exemptMember(input: $input) { compliance } }`;

const world = useTestServer({ rolloutWorkers: false });
const clients: LiveClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

async function webSocket(user: TestUser): Promise<LiveClient> {
  const cookie = `twostep_session=${await world.factory.sessionToken(user.id)}`;
  const live = new LiveClient(world.url, { cookie, origin: new URL(world.app.config.publicUrl).origin });
  clients.push(live);
  return live;
}

describe('a plan, live', () => {
  it('tells the member their deadline, then blocks their open console at the date; the administrator hears each step', async () => {
    const org = await world.factory.organization();
    const lead = await world.factory.user({ twoFactor: true });
    const member = await world.factory.user({ displayName: 'Max Member' });
    await world.factory.member(org.id, lead.id, 'LEGAL_REPRESENTATIVE');
    await world.factory.member(org.id, member.id, 'USER');
    const console = await world.factory.client(lead);

    const memberAccess = (await webSocket(member)).subscribe(ACCESS);
    const leadSocket = await webSocket(lead);
    const policy = leadSocket.subscribe(POLICY, { id: org.id });
    const members = leadSocket.subscribe(MEMBER_CHANGED, { id: org.id });
    await subscribed(world.app, member.id, 1);
    await subscribed(world.app, lead.id, 2);

    const date = new Date(world.clock.now().getTime() + 2 * HOUR_MS).toISOString();
    await console.ok(SCHEDULE, { input: { organizationId: org.id, requiredFrom: date, confirm: true } });
    expect((await policy.result(0, 5_000)).data.organizationPolicyChanged).toEqual({ twoFactorRequired: false, requiredFrom: date });
    expect((await memberAccess.result(0, 5_000)).data.viewerAccessChanged).toEqual({
      blocked: false,
      blockingOrganizations: [],
      deadlines: [{ organization: { id: org.id }, deadline: date }],
    });

    // The date comes; the sweeper records the switch, and the open console is blocked at once.
    world.clock.set(new Date(Date.parse(date) + 1000));
    await world.app.rolloutSweeper.drain();
    expect((await policy.result(1, 5_000)).data.organizationPolicyChanged).toEqual({ twoFactorRequired: true, requiredFrom: null });
    expect((await memberAccess.result(1, 5_000)).data.viewerAccessChanged).toEqual({
      blocked: true,
      blockingOrganizations: [{ id: org.id }],
      deadlines: [],
    });

    // An exemption frees them, live, and the administrator sees it among the member changes.
    const lead2 = await world.factory.client(lead);
    await lead2.ok(EXEMPT, {
      input: {
        organizationId: org.id,
        userId: member.id,
        reason: 'Phone lost',
        expiresAt: new Date(Date.parse(date) + 48 * HOUR_MS).toISOString(),
      },
    });
    expect((await memberAccess.result(2, 5_000)).data.viewerAccessChanged).toMatchObject({ blocked: false, blockingOrganizations: [] });
    await expect
      .poll(() => members.results.some((r) => r.data?.memberSecurityChanged?.change === 'EXEMPTED'), { timeout: 10_000 })
      .toBe(true);
  });
});

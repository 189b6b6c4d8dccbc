import { afterEach, describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';
import { administeredOrganization, createToken, REVOKE, type Administered } from '../integration-tokens/tokens.js';
import { LiveClient, MEMBER_CHANGED, POLICY_CHANGED, REQUIRE, SEND_ALERT, subscribed } from './live-client.js';

/**
 * The organization subscriptions: a dashboard's token and an administrator's console receive the
 * organization's events with what they need to update their view; nobody else does — not a USER,
 * not another organization, not someone who lost the right while subscribed (SECURITY.md 22–24).
 */
const world = useTestServer();
const clients: LiveClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

const origin = (): string => new URL(world.app.config.publicUrl).origin;

async function web(user: TestUser): Promise<LiveClient> {
  const client = new LiveClient(world.url, { cookie: `twostep_session=${await world.factory.sessionToken(user.id)}`, origin: origin() });
  clients.push(client);
  return client;
}

function bearer(token: string): LiveClient {
  const client = new LiveClient(world.url, { bearer: token });
  clients.push(client);
  return client;
}

async function withMember(org: Administered, role: 'USER' | 'ADMINISTRATOR' = 'USER'): Promise<TestUser> {
  const user = await world.factory.user();
  await world.factory.member(org.organization.id, user.id, role);
  return user;
}

describe('a live dashboard with an events:read token', () => {
  it('receives member changes with the member’s row and the alert’s delivery state, and policy changes with who and when', async () => {
    const org = await administeredOrganization(world.factory);
    const member = await withMember(org);
    const { token, id: tokenId } = await createToken(org, { name: 'Wallboard', scopes: ['EVENTS_READ'] });
    const dashboard = bearer(token);
    const members = dashboard.subscribe(MEMBER_CHANGED, { id: org.organization.id });
    const policy = dashboard.subscribe(POLICY_CHANGED, { id: org.organization.id });
    await subscribed(world.app, tokenId, 2);

    const { sendAlert } = await org.console.ok(SEND_ALERT, {
      input: { organizationId: org.organization.id, userId: member.id, confirm: true },
    });
    const alerted = (await members.result(0)).data.memberSecurityChanged;
    expect(alerted).toMatchObject({
      organizationId: org.organization.id,
      userId: member.id,
      change: 'ALERTED',
      member: { id: member.id, email: member.email, twoFactorEnabled: false, role: 'USER' },
      alert: { id: sendAlert.id, state: 'QUEUED', userId: member.id },
    });
    expect(alerted.member.lastAlertedAt).not.toBeNull();
    const delivered = (await members.result(1)).data.memberSecurityChanged;
    expect(delivered).toMatchObject({ change: 'ALERT_DELIVERY_CHANGED', alert: { id: sendAlert.id, state: 'SENT' } });

    await org.console.ok(REQUIRE, { input: { organizationId: org.organization.id, required: true, confirm: true } });
    expect((await policy.result(0)).data.organizationPolicyChanged).toEqual({
      organizationId: org.organization.id,
      twoFactorRequired: true,
      changedAt: world.clock.now().toISOString(),
      changedBy: { userId: org.admin.id, tokenId: null, name: org.admin.displayName },
    });
  });

  it('is refused without the events:read scope, and for another organization', async () => {
    const org = await administeredOrganization(world.factory);
    const other = await administeredOrganization(world.factory);
    const { token: membersOnly } = await createToken(org, { scopes: ['MEMBERS_READ'] });
    const { token: events } = await createToken(org, { scopes: ['EVENTS_READ'] });
    const refused = bearer(membersOnly).subscribe(MEMBER_CHANGED, { id: org.organization.id });
    expect((await refused.failure())[0]?.extensions?.code).toBe('SCOPE_REQUIRED');
    const elsewhere = bearer(events).subscribe(MEMBER_CHANGED, { id: other.organization.id });
    await elsewhere.until(() => elsewhere.completed, 'the refusal');
    expect(elsewhere.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is closed (4403) when its token is revoked', async () => {
    const org = await administeredOrganization(world.factory);
    const { token, id } = await createToken(org, { scopes: ['EVENTS_READ'] });
    const watch = bearer(token).subscribe(MEMBER_CHANGED, { id: org.organization.id });
    await subscribed(world.app, id);
    await org.console.ok(REVOKE, { input: { organizationId: org.organization.id, id } });
    expect(await watch.closed()).toBe(4403);
  });
});

describe('people in the console', () => {
  it('an administrator receives the events; a USER’s subscribe is refused at once (FORBIDDEN)', async () => {
    const org = await administeredOrganization(world.factory);
    const user = await withMember(org);
    const refused = (await web(user)).subscribe(MEMBER_CHANGED, { id: org.organization.id });
    await refused.until(() => refused.completed, 'the refusal');
    expect(refused.results).toHaveLength(1);
    expect(refused.results[0]?.data ?? null).toBeNull();
    expect(refused.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const watch = (await web(org.admin)).subscribe(MEMBER_CHANGED, { id: org.organization.id });
    await subscribed(world.app, org.admin.id);
    await org.console.ok(SEND_ALERT, { input: { organizationId: org.organization.id, userId: user.id, confirm: true } });
    expect((await watch.result(0)).data.memberSecurityChanged).toMatchObject({ userId: user.id, change: 'ALERTED' });
  });

  it('never sees another organization’s events, and cannot subscribe to them', async () => {
    const a = await administeredOrganization(world.factory);
    const b = await administeredOrganization(world.factory);
    const aMember = await withMember(a);
    const bMember = await withMember(b);
    const aConsole = await web(a.admin);
    const aMembers = aConsole.subscribe(MEMBER_CHANGED, { id: a.organization.id });
    const aPolicy = aConsole.subscribe(POLICY_CHANGED, { id: a.organization.id });
    const bMembers = (await web(b.admin)).subscribe(MEMBER_CHANGED, { id: b.organization.id });
    await subscribed(world.app, a.admin.id, 2);
    await subscribed(world.app, b.admin.id, 1);

    const intruding = aConsole.subscribe(MEMBER_CHANGED, { id: b.organization.id });
    await intruding.until(() => intruding.completed, 'the refusal');
    expect(intruding.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // B's events first, then A's: A's subscribers' first events are A's own.
    await b.console.ok(SEND_ALERT, { input: { organizationId: b.organization.id, userId: bMember.id, confirm: true } });
    await b.console.ok(REQUIRE, { input: { organizationId: b.organization.id, required: true, confirm: true } });
    expect((await bMembers.result(0)).data.memberSecurityChanged).toMatchObject({ organizationId: b.organization.id, userId: bMember.id });
    await a.console.ok(SEND_ALERT, { input: { organizationId: a.organization.id, userId: aMember.id, confirm: true } });
    await a.console.ok(REQUIRE, { input: { organizationId: a.organization.id, required: true, confirm: true } });
    expect((await aMembers.result(0)).data.memberSecurityChanged).toMatchObject({ organizationId: a.organization.id, userId: aMember.id });
    expect((await aPolicy.result(0)).data.organizationPolicyChanged.organizationId).toBe(a.organization.id);
    await aMembers.until(() => aMembers.results.length >= 2, 'the delivery event');
    const seen = [...aMembers.results, ...aPolicy.results].map(
      (r) => (r.data?.memberSecurityChanged ?? r.data?.organizationPolicyChanged)?.organizationId,
    );
    expect(new Set(seen)).toEqual(new Set([a.organization.id]));
  });

  it('ends the subscriptions of an administrator who is downgraded or removed (FORBIDDEN)', async () => {
    const org = await administeredOrganization(world.factory);
    const downgraded = await withMember(org, 'ADMINISTRATOR');
    const removed = await withMember(org, 'ADMINISTRATOR');
    const downgradedPolicy = (await web(downgraded)).subscribe(POLICY_CHANGED, { id: org.organization.id });
    const removedMembers = (await web(removed)).subscribe(MEMBER_CHANGED, { id: org.organization.id });
    const watcher = (await web(org.admin)).subscribe(MEMBER_CHANGED, { id: org.organization.id });
    await subscribed(world.app, downgraded.id);
    await subscribed(world.app, removed.id);
    await subscribed(world.app, org.admin.id);

    await org.console.ok(`mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`, {
      input: { organizationId: org.organization.id, userId: downgraded.id, role: 'USER' },
    });
    expect((await downgradedPolicy.failure())[0]?.extensions?.code).toBe('FORBIDDEN');
    await org.console.ok(`mutation($input: MemberRefInput!) { removeMember(input: $input) }`, {
      input: { organizationId: org.organization.id, userId: removed.id },
    });
    expect((await removedMembers.failure())[0]?.extensions?.code).toBe('FORBIDDEN');
    // The removed administrator got the role change before their removal, and nothing after it.
    expect(removedMembers.results.map((r) => r.data.memberSecurityChanged.change)).toEqual(['ROLE_CHANGED']);
    // Those who keep the right see both, the removed member's row gone.
    await watcher.until(() => watcher.results.length >= 2, 'two events');
    expect(watcher.results.map((r) => r.data.memberSecurityChanged.change)).toEqual(['ROLE_CHANGED', 'REMOVED']);
    expect(watcher.results[1]!.data.memberSecurityChanged.member).toBeNull();
  });
});

describe('cost', () => {
  it('one event to many subscribers of an organization reads and executes once on the instance', async () => {
    const org = await administeredOrganization(world.factory);
    const member = await withMember(org);
    const { token, id } = await createToken(org, { scopes: ['EVENTS_READ'] });
    const subscribers = 20;
    const watches = Array.from({ length: subscribers }, () => bearer(token).subscribe(MEMBER_CHANGED, { id: org.organization.id }));
    await subscribed(world.app, id, subscribers);
    const before = { ...world.app.services.live.memo.stats };

    await org.console.ok(`mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`, {
      input: { organizationId: org.organization.id, userId: member.id, role: 'ADMINISTRATOR' },
    });
    for (const watch of watches) {
      expect((await watch.result(0)).data.memberSecurityChanged).toMatchObject({
        change: 'ROLE_CHANGED',
        member: { role: 'ADMINISTRATOR' },
      });
    }
    const after = world.app.services.live.memo.stats;
    // Two reads for the event (the subscribers' rights, the member's row) instead of 2 × 20; the
    // other subscribers' authorizations are answered from the memo, and the member row is not
    // even asked again: the selection executed once for all twenty.
    expect(after.loads - before.loads).toBe(2);
    expect(after.hits - before.hits).toBe(subscribers - 1);
  });
});

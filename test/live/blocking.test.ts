import { afterEach, describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';
import { ACCESS_CHANGED, LiveClient, MEMBER_CHANGED, REQUIRE, subscribed } from './live-client.js';

/**
 * PRODUCT.md rule 4 and SECURITY.md 10 (its socket half) and 23: when the requirement is switched
 * on, a member without 2FA who has the console open learns the block within seconds — their
 * access subscription receives it, their web-surface subscriptions end with TWO_FACTOR_REQUIRED —
 * while their desktop app's subscription keeps working. Switching it off (or enabling 2FA) lifts
 * the block live as well.
 */
const world = useTestServer();
const clients: LiveClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

async function webSocket(user: TestUser): Promise<{ live: LiveClient; cookie: string }> {
  const cookie = `twostep_session=${await world.factory.sessionToken(user.id)}`;
  const live = new LiveClient(world.url, { cookie, origin: new URL(world.app.config.publicUrl).origin });
  clients.push(live);
  return { live, cookie };
}

async function desktopSocket(user: TestUser): Promise<LiveClient> {
  const live = new LiveClient(world.url, { bearer: await world.factory.sessionToken(user.id, 'DESKTOP') });
  clients.push(live);
  return live;
}

async function organizationWithLegal(): Promise<{ org: { id: string; name: string }; legal: GraphQLClient }> {
  const org = await world.factory.organization();
  const legal = await world.factory.user({ twoFactor: true });
  await world.factory.member(org.id, legal.id, 'LEGAL_REPRESENTATIVE');
  return { org, legal: await world.factory.client(legal) };
}

const requirement = (legal: GraphQLClient, organizationId: string, required: boolean) =>
  legal.ok(REQUIRE, { input: { organizationId, required, confirm: true } });

describe('switching the requirement on with members connected', () => {
  it('blocks the web member’s open sockets within seconds, while their desktop app keeps working', async () => {
    const { org, legal } = await organizationWithLegal();
    const member = await world.factory.user({ displayName: 'Sam Noauth' });
    const admin = await world.factory.user({ displayName: 'Ada Noauth' });
    await world.factory.member(org.id, member.id, 'USER');
    await world.factory.member(org.id, admin.id, 'ADMINISTRATOR');

    const memberWeb = await webSocket(member);
    const memberDesktop = await desktopSocket(member);
    const adminWeb = await webSocket(admin);
    const webAccess = memberWeb.live.subscribe(ACCESS_CHANGED);
    const desktopAccess = memberDesktop.subscribe(ACCESS_CHANGED);
    const adminAccess = adminWeb.live.subscribe(ACCESS_CHANGED);
    const adminMembers = adminWeb.live.subscribe(MEMBER_CHANGED, { id: org.id });
    await subscribed(world.app, member.id, 2);
    await subscribed(world.app, admin.id, 2);

    const switched = Date.now();
    await requirement(legal, org.id, true);
    const blocked = { blocked: true, requiringOrganizations: [{ id: org.id, name: org.name }] };
    expect((await webAccess.result(0, 5_000)).data.viewerAccessChanged).toEqual(blocked);
    expect((await desktopAccess.result(0, 5_000)).data.viewerAccessChanged).toEqual(blocked);
    expect((await adminAccess.result(0, 5_000)).data.viewerAccessChanged).toEqual(blocked);
    const [ended] = await adminMembers.failure(5_000);
    expect(ended?.extensions).toEqual({ code: 'TWO_FACTOR_REQUIRED', organizations: [{ id: org.id, name: org.name }] });
    expect(Date.now() - switched).toBeLessThan(5_000);

    // On the web socket the block holds for every operation; the access subscription stays open.
    expect(
      (await memberWeb.live.request(`query($id: ID!) { organization(id: $id) { name } }`, { id: org.id })).errors?.[0]?.extensions?.code,
    ).toBe('TWO_FACTOR_REQUIRED');
    const resubscribed = adminWeb.live.subscribe(MEMBER_CHANGED, { id: org.id });
    expect((await resubscribed.failure())[0]?.extensions?.code).toBe('TWO_FACTOR_REQUIRED');
    // The desktop app still reaches the app surface over its socket.
    expect((await memberDesktop.request(`{ viewer { id access { blocked } } }`)).data.viewer).toEqual({
      id: member.id,
      access: { blocked: true },
    });

    await requirement(legal, org.id, false);
    const free = { blocked: false, requiringOrganizations: [] };
    expect((await webAccess.result(1)).data.viewerAccessChanged).toEqual(free);
    expect((await desktopAccess.result(1)).data.viewerAccessChanged).toEqual(free);
    expect((await adminAccess.result(1)).data.viewerAccessChanged).toEqual(free);
    expect(webAccess.completed || desktopAccess.completed).toBe(false);
  });

  it('lifts the block live when the member sets up 2FA from the open console', async () => {
    const { org, legal } = await organizationWithLegal();
    const member = await world.factory.user();
    await world.factory.member(org.id, member.id, 'USER');
    const { live, cookie } = await webSocket(member);
    const desktop = await desktopSocket(member);
    const webAccess = live.subscribe(ACCESS_CHANGED);
    const desktopAccess = desktop.subscribe(ACCESS_CHANGED);
    await subscribed(world.app, member.id, 2);
    await requirement(legal, org.id, true);
    expect((await webAccess.result(0)).data.viewerAccessChanged.blocked).toBe(true);

    const console = new GraphQLClient(world.url, { cookie });
    const { startTotpEnrollment } = await console.ok(`mutation { startTotpEnrollment { secret } }`);
    await console.ok(`mutation($input: ConfirmTotpInput!) { confirmTotpEnrollment(input: $input) { codes } }`, {
      input: { code: totpAt(startTotpEnrollment.secret, world.clock.now()) },
    });
    const free = { blocked: false, requiringOrganizations: [{ id: org.id, name: org.name }] };
    expect((await webAccess.result(1)).data.viewerAccessChanged).toEqual(free);
    expect((await desktopAccess.result(1)).data.viewerAccessChanged).toEqual(free);
  });

  it('reaches only the members of the organization whose requirement changed', async () => {
    const { org, legal } = await organizationWithLegal();
    const elsewhere = await organizationWithLegal();
    const outsider = await world.factory.user();
    await world.factory.member(elsewhere.org.id, outsider.id, 'USER');
    const member = await world.factory.user();
    await world.factory.member(org.id, member.id, 'USER');
    const outsiderAccess = (await webSocket(outsider)).live.subscribe(ACCESS_CHANGED);
    const memberAccess = (await webSocket(member)).live.subscribe(ACCESS_CHANGED);
    await subscribed(world.app, outsider.id);
    await subscribed(world.app, member.id);
    await requirement(legal, org.id, true);
    expect((await memberAccess.result(0)).data.viewerAccessChanged.blocked).toBe(true);
    // Then a change that does reach the outsider, on the same socket: whatever the first change had
    // sent them would have come before it.
    await requirement(elsewhere.legal, elsewhere.org.id, true);
    await outsiderAccess.result(0);
    expect(outsiderAccess.results.map((r) => r.data.viewerAccessChanged)).toEqual([
      { blocked: true, requiringOrganizations: [{ id: elsewhere.org.id, name: elsewhere.org.name }] },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { ACCESS_CHANGED, LiveClient, rawConnect, subscribed } from './live-client.js';

/**
 * SECURITY.md 22–24: the socket authenticates at `connection_init` (4403 without a valid
 * credential, 4408 without init in time), a cookie socket only from the console's origin, and a
 * socket whose session or token ends is closed.
 */
const world = useTestServer();

const origin = (): string => new URL(world.app.config.publicUrl).origin;

describe('connection_init', () => {
  it('closes with 4403 without a credential, or with one that is not valid', async () => {
    expect((await rawConnect(world.url)).code).toBe(4403);
    expect((await rawConnect(world.url, { payload: { authorization: 'Bearer tsa_not-a-token' } })).code).toBe(4403);
    expect((await rawConnect(world.url, { payload: { authorization: 'Bearer tsi_not-a-token' } })).code).toBe(4403);
    const cookie = 'twostep_session=tsw_not-a-session';
    expect((await rawConnect(world.url, { headers: { cookie, origin: origin() } })).code).toBe(4403);
  });

  it('accepts a web cookie only from the console’s origin (4403 otherwise)', async () => {
    const user = await world.factory.user();
    const cookie = `twostep_session=${await world.factory.sessionToken(user.id)}`;
    expect((await rawConnect(world.url, { headers: { cookie, origin: 'https://evil.example' } })).code).toBe(4403);
    expect((await rawConnect(world.url, { headers: { cookie } })).code).toBe(4403);
    const accepted = await rawConnect(world.url, { headers: { cookie, origin: origin() } });
    expect(accepted.acked).toBe(true);
    accepted.socket.close();
  });

  it('does not take a web session as a bearer token, nor an app token as a cookie', async () => {
    const user = await world.factory.user();
    const web = await world.factory.sessionToken(user.id, 'WEB');
    const desktop = await world.factory.sessionToken(user.id, 'DESKTOP');
    expect((await rawConnect(world.url, { payload: { authorization: `Bearer ${web}` } })).code).toBe(4403);
    expect((await rawConnect(world.url, { headers: { cookie: `twostep_session=${desktop}`, origin: origin() } })).code).toBe(4403);
    const app = await rawConnect(world.url, { payload: { authorization: `Bearer ${desktop}` } });
    expect(app.acked).toBe(true);
    app.socket.close();
  });

  it('closes with 4408 when no connection_init arrives in time', async () => {
    const started = Date.now();
    const { code } = await rawConnect(world.url, { init: false });
    expect(code).toBe(4408);
    expect(Date.now() - started).toBeLessThan(4_500);
  });
});

describe('a socket whose credential ends', () => {
  it('closes (4403) when its web session signs out', async () => {
    const user = await world.factory.user();
    const token = await world.factory.sessionToken(user.id);
    const cookie = `twostep_session=${token}`;
    const live = new LiveClient(world.url, { cookie, origin: origin() });
    const watch = live.subscribe(ACCESS_CHANGED);
    await subscribed(world.app, user.id);
    await new GraphQLClient(world.url, { cookie }).ok(`mutation { signOut }`);
    expect(await watch.closed()).toBe(4403);
    await live.dispose();
  });

  it('closes (4403) when the session is revoked from another one', async () => {
    const user = await world.factory.user();
    const desktop = await world.factory.sessionToken(user.id, 'DESKTOP');
    const live = new LiveClient(world.url, { bearer: desktop });
    const watch = live.subscribe(ACCESS_CHANGED);
    await subscribed(world.app, user.id);
    const web = await world.factory.client(user);
    const { viewer } = await web.ok(`{ viewer { sessions { id client } } }`);
    const target = viewer.sessions.find((s: { client: string }) => s.client === 'DESKTOP');
    await web.ok(`mutation($input: RevokeSessionInput!) { revokeSession(input: $input) }`, { input: { id: target.id } });
    expect(await watch.closed()).toBe(4403);
    await live.dispose();
  });

  it('closes (4403) once the session has expired, at the registry’s next sweep', async () => {
    const user = await world.factory.user();
    const live = new LiveClient(world.url, { bearer: await world.factory.sessionToken(user.id, 'MOBILE') });
    const watch = live.subscribe(ACCESS_CHANGED);
    await subscribed(world.app, user.id);
    world.clock.advance(181 * 24 * 3600_000);
    try {
      await world.app.services.live.sockets.sweep();
      expect(await watch.closed()).toBe(4403);
    } finally {
      world.clock.advance(-181 * 24 * 3600_000);
      await live.dispose();
    }
  });

  it('re-reads the credential before each operation on an open socket', async () => {
    const user = await world.factory.user();
    const desktop = await world.factory.sessionToken(user.id, 'DESKTOP');
    const live = new LiveClient(world.url, { bearer: desktop });
    expect((await live.request(`{ viewer { id } }`)).data.viewer.id).toBe(user.id);
    // Revoked behind the registry's back (no event): the next operation finds out and closes.
    await world.factory.query(`update session set revoked_at = now() where user_id = ?`, [user.id]);
    await expect(live.request(`{ viewer { id } }`)).rejects.toThrow(/4403|UNAUTHENTICATED/);
    await live.dispose();
  });
});

describe('subscriptions over HTTP', () => {
  it('are refused: they are served over the WebSocket', async () => {
    const user = await world.factory.user();
    const web = await world.factory.client(user);
    const result = await web.request(ACCESS_CHANGED);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { FREE_ATTEMPTS } from '@twostep/server';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';
import { LiveClient, rawConnect } from './live-client.js';

/**
 * SECURITY.md 4, 18 and 24: queries and mutations sent over the socket meet the same document
 * limits, attempt counting, roles and gate as over HTTP, and a message is at most 64 KB.
 */
const world = useTestServer();
const clients: LiveClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

async function appSocket(user?: TestUser): Promise<LiveClient> {
  const someone = user ?? (await world.factory.user());
  const live = new LiveClient(world.url, { bearer: await world.factory.sessionToken(someone.id, 'DESKTOP') });
  clients.push(live);
  return live;
}

async function challengeFor(user: TestUser): Promise<string> {
  const { signIn } = await world.anonymous.ok(
    `mutation($input: SignInInput!) { signIn(input: $input) { ... on SecondFactorRequired { challenge } } }`,
    { input: { email: user.email, password: user.password, client: 'DESKTOP' } },
  );
  return signIn.challenge;
}

const failures = async (user: TestUser): Promise<number> =>
  Number((await world.factory.query(`select factor_failures from "user" where id = ?`, [user.id]))[0]!.factor_failures);

describe('documents over the socket', () => {
  it('20 aliased completeSignIn in one message are refused before any runs (QUERY_TOO_COMPLEX)', async () => {
    const victim = await world.factory.user({ twoFactor: true });
    const challenge = await challengeFor(victim);
    const aliases = Array.from(
      { length: 20 },
      (_, i) => `a${i}: completeSignIn(input: { challenge: $c, code: "${String(i).padStart(6, '0')}" }) { expiresAt }`,
    );
    const result = await (await appSocket()).request(`mutation($c: String!) { ${aliases.join(' ')} }`, { c: challenge });
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(await failures(victim)).toBe(0);
  });

  it('too many aliases or too deep a document is refused, as over HTTP (QUERY_TOO_COMPLEX)', async () => {
    const live = await appSocket();
    const aliased = `{ ${Array.from({ length: 16 }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`;
    expect((await live.request(aliased)).errors?.map((e) => e.extensions?.code)).toContain('QUERY_TOO_COMPLEX');
    const deep = `{ viewer ${'{ memberships '.repeat(10)}{ role }${' }'.repeat(10)} }`;
    expect((await live.request(deep)).errors?.map((e) => e.extensions?.code)).toContain('QUERY_TOO_COMPLEX');
    expect((await live.request(`{ ${Array.from({ length: 15 }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`)).data.v14).toBeDefined();
  });

  it('wrong codes sent over the socket count in the database, up to the lockout', async () => {
    const victim = await world.factory.user({ twoFactor: true });
    const challenge = await challengeFor(victim);
    const live = await appSocket();
    const attempt = `mutation($input: CompleteSignInInput!) { completeSignIn(input: $input) { expiresAt } }`;
    for (let i = 1; i <= 3; i += 1) {
      const result = await live.request(attempt, { input: { challenge, code: '000000' } });
      expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_CODE');
      expect(await failures(victim)).toBe(i);
    }
    const two = await live.request(
      `mutation($c: String!) { a: completeSignIn(input: { challenge: $c, code: "000001" }) { expiresAt } b: completeSignIn(input: { challenge: $c, code: "000002" }) { expiresAt } }`,
      { c: challenge },
    );
    // Mutation fields run one after the other and `completeSignIn` is non-null: the first failure
    // ends the operation, so the second alias never runs — and each one that runs counts.
    expect(two.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_CODE']);
    expect(await failures(victim)).toBe(4);
    await live.request(attempt, { input: { challenge, code: '000004' } });
    expect(await failures(victim)).toBe(FREE_ATTEMPTS);
    expect((await live.request(attempt, { input: { challenge, code: '000003' } })).errors?.[0]?.extensions?.code).toBe('LOCKED_OUT');
  });
});

describe('mutations over the socket', () => {
  it('pass the same roles and gate as over HTTP', async () => {
    const org = await world.factory.organization();
    const admin = await world.factory.user({ twoFactor: true });
    const user = await world.factory.user({ twoFactor: true });
    await world.factory.member(org.id, admin.id, 'ADMINISTRATOR');
    await world.factory.member(org.id, user.id, 'USER');
    const origin = new URL(world.app.config.publicUrl).origin;
    const socketOf = async (who: TestUser): Promise<LiveClient> => {
      const live = new LiveClient(world.url, { cookie: `twostep_session=${await world.factory.sessionToken(who.id)}`, origin });
      clients.push(live);
      return live;
    };
    const columns = `mutation($input: SetMemberListColumnsInput!) { setMemberListColumns(input: $input) }`;
    const input = { organizationId: org.id, columns: ['NAME', 'SECURITY'] };
    expect((await (await socketOf(admin)).request(columns, { input })).data.setMemberListColumns).toEqual(['NAME', 'SECURITY']);
    expect((await (await socketOf(user)).request(columns, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // An app token reaches only the app surface, over the socket as over HTTP.
    expect((await (await appSocket(admin)).request(columns, { input })).errors?.[0]?.extensions?.code).toBe('SURFACE_NOT_ALLOWED');
  });
});

describe('message size', () => {
  it('a message beyond 64 KB closes the socket', async () => {
    const consoleErrors = vi.spyOn(console, 'error');
    onTestFinished(() => consoleErrors.mockRestore());
    const user = await world.factory.user();
    const { acked, socket } = await rawConnect(world.url, {
      payload: { authorization: `Bearer ${await world.factory.sessionToken(user.id, 'DESKTOP')}` },
    });
    expect(acked).toBe(true);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ viewer { id } }`, variables: { pad: 'x'.repeat(65 * 1024) } } }),
    );
    expect(await closed).toBe(1009);
    // A warning in the log, not graphql-ws's console.error with a stack.
    expect(consoleErrors.mock.calls).toEqual([]);
  });
});

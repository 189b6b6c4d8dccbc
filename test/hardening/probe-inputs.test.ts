import { describe, expect, it } from 'vitest';
import { createToken, integration } from '../integration-tokens/tokens.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Issue 12, defect 5: bad input that still got INTERNAL_SERVER_ERROR. A forged member cursor whose
 * id is 36 zeros (a uuid PostgreSQL refuses), and two legal representatives demoting each other at
 * once (a deadlock in three runs of four).
 */
const MEMBERS = `query($id: ID!, $after: String) { organization(id: $id) { members(first: 5, after: $after) { edges { node { id } } } } }`;
const DEMOTE = `mutation($org: ID!, $user: ID!) { changeMemberRole(input: { organizationId: $org, userId: $user, role: ADMINISTRATOR }) { role } }`;

const world = useTestServer();

describe('a forged member cursor', () => {
  it.each([
    ['36 zeros', ['a', '0'.repeat(36)]],
    ['36 dashes', ['a', '-'.repeat(36)]],
    ['a uuid with dashes misplaced', ['a', '0000000000000000-0000-0000-0000-0000']],
  ])('with %s as its id is BAD_USER_INPUT, for the console and a members:read token', async (_name, parts) => {
    const org = await world.factory.organization();
    const admin = await world.factory.user({ twoFactor: true });
    await world.factory.member(org.id, admin.id, 'ADMINISTRATOR');
    const console = await world.factory.client(admin);
    const after = Buffer.from(JSON.stringify(parts)).toString('base64url');
    expect(await console.code(MEMBERS, { id: org.id, after })).toBe('BAD_USER_INPUT');
    const { token } = await createToken({ organization: org, admin, console }, { scopes: ['MEMBERS_READ'] });
    expect(await integration(world.server, token).code(MEMBERS, { id: org.id, after })).toBe('BAD_USER_INPUT');
  });
});

describe('two legal representatives demoting each other at once', () => {
  it('never deadlock: one wins, the other is refused with a stable code, eight times over', async () => {
    for (let round = 0; round < 8; round++) {
      const org = await world.factory.organization();
      const [a, b] = [await world.factory.user({ twoFactor: true }), await world.factory.user({ twoFactor: true })];
      await world.factory.member(org.id, a.id, 'LEGAL_REPRESENTATIVE');
      await world.factory.member(org.id, b.id, 'LEGAL_REPRESENTATIVE');
      const [asA, asB] = [await world.factory.client(a), await world.factory.client(b)];
      const results = await Promise.all([
        asA.request(DEMOTE, { org: org.id, user: b.id }),
        asB.request(DEMOTE, { org: org.id, user: a.id }),
      ]);
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
      expect(codes[0]).toMatch(/^(FORBIDDEN|LAST_LEGAL_REPRESENTATIVE)$/);
      expect(codes[1]).toBe('OK');
      const left = await world.factory.query(
        `select count(*)::int as n from membership where organization_id = ? and role = 'LEGAL_REPRESENTATIVE'`,
        [org.id],
      );
      expect(left[0]!.n).toBe(1);
    }
  });
});

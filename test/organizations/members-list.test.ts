import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLClient } from '../support/graphql-client.js';
import { startStatementCounter, type StatementCounter } from '../support/statement-counter.js';
import { noBackgroundWorkers } from '../support/server.js';
import { useTestServer } from '../support/use-test-server.js';

const PAGE = `query($id: ID!, $first: Int, $after: String, $filter: MemberFilter, $orderBy: MemberOrder) {
  organization(id: $id) { members(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id displayName email role kind twoFactorEnabled joinedAt } } } } }`;

let counter: StatementCounter;
beforeAll(async () => {
  counter = await startStatementCounter();
});
afterAll(() => counter.close());
// No background workers: the statement count below sees only the request's own statements.
const world = useTestServer({ ...noBackgroundWorkers, connectVia: (url) => counter.through(url) });
let org: { id: string };
let api: GraphQLClient;

beforeAll(async () => {
  org = await world.factory.organization('List Org');
  const admin = await world.factory.user({ displayName: 'Zed Admin', email: 'zed.admin@list.test', twoFactor: true });
  await world.factory.member(org.id, admin.id, 'ADMINISTRATOR');
  api = await world.factory.client(admin);
  world.clock.advance(1000);
  const people: [string, string, boolean, 'USER' | 'ADMINISTRATOR' | 'LEGAL_REPRESENTATIVE', 'INTERNAL' | 'EXTERNAL'][] = [
    ['Ana Álvarez', 'ana@list.test', true, 'USER', 'INTERNAL'],
    ['bob Brown', 'bob@list.test', false, 'USER', 'INTERNAL'],
    ['Chloé Chen', 'chloe@partner.test', false, 'USER', 'EXTERNAL'],
    ['Dan 100%_Sure', 'dan@list.test', true, 'LEGAL_REPRESENTATIVE', 'INTERNAL'],
    ['Eve Evans', 'eve@list.test', false, 'ADMINISTRATOR', 'INTERNAL'],
  ];
  for (const [displayName, email, twoFactor, role, kind] of people) {
    const user = await world.factory.user({ displayName, email, twoFactor });
    await world.factory.member(org.id, user.id, role, kind);
    world.clock.advance(1000);
  }
  await world.factory.bulkMembers(org.id, 230, { prefix: 'many' });
});

const page = async (variables: Record<string, unknown>) => (await api.ok(PAGE, { id: org.id, ...variables })).organization.members;

describe('the member list', () => {
  it('counts, filters by 2FA status, role and kind', async () => {
    expect((await page({ first: 1 })).totalCount).toBe(236);
    expect((await page({ filter: { twoFactor: 'ENABLED' } })).totalCount).toBe(3);
    expect((await page({ filter: { twoFactor: 'DISABLED' } })).totalCount).toBe(233);
    expect((await page({ filter: { role: 'ADMINISTRATOR' } })).edges.map((e: any) => e.node.displayName).sort()).toEqual([
      'Eve Evans',
      'Zed Admin',
    ]);
    expect((await page({ filter: { kind: 'EXTERNAL' } })).edges.map((e: any) => e.node.email)).toEqual(['chloe@partner.test']);
    expect((await page({ filter: { twoFactor: 'DISABLED', role: 'USER', kind: 'INTERNAL' }, first: 1 })).totalCount).toBe(231);
  });

  it('searches names and e-mails case-insensitively, with wildcards taken literally', async () => {
    expect((await page({ filter: { search: 'CHLO' } })).edges.map((e: any) => e.node.displayName)).toEqual(['Chloé Chen']);
    expect((await page({ filter: { search: 'partner.TEST' } })).totalCount).toBe(1);
    expect((await page({ filter: { search: '100%_' } })).edges.map((e: any) => e.node.displayName)).toEqual(['Dan 100%_Sure']);
    expect((await page({ filter: { search: '%' } })).totalCount).toBe(1);
    expect((await page({ filter: { search: 'nobody-like-this' } })).totalCount).toBe(0);
    expect(await api.code(PAGE, { id: org.id, filter: { search: 'x'.repeat(101) } })).toBe('BAD_USER_INPUT');
  });

  it('sorts by name, e-mail, joined date and 2FA status, both ways', async () => {
    const names = (await page({ first: 3, filter: { search: 'list.test' } })).edges.map((e: any) => e.node.displayName);
    expect(names).toEqual(['Ana Álvarez', 'bob Brown', 'Dan 100%_Sure']);
    const byEmailDesc = (await page({ first: 2, orderBy: { field: 'EMAIL', direction: 'DESC' } })).edges.map((e: any) => e.node.email);
    expect(byEmailDesc[0]).toBe('zed.admin@list.test');
    const joined = (await page({ first: 2, orderBy: { field: 'JOINED_AT', direction: 'ASC' } })).edges.map((e: any) => e.node.displayName);
    expect(joined[0]).toBe('Zed Admin');
    const secured = (await page({ first: 3, orderBy: { field: 'TWO_FACTOR', direction: 'DESC' } })).edges.map(
      (e: any) => e.node.twoFactorEnabled,
    );
    expect(secured).toEqual([true, true, true]);
  });

  it('pages with cursors through every member exactly once, in every order', async () => {
    for (const orderBy of [
      null,
      { field: 'EMAIL', direction: 'DESC' },
      { field: 'TWO_FACTOR', direction: 'ASC' },
      { field: 'JOINED_AT', direction: 'DESC' },
    ]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const result: any = await page({ first: 100, after, orderBy });
        seen.push(...result.edges.map((e: any) => e.node.id));
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(236);
      expect(new Set(seen).size).toBe(236);
    }
  });

  it('caps page sizes and refuses bad cursors', async () => {
    expect(await api.code(PAGE, { id: org.id, first: 101 })).toBe('BAD_USER_INPUT');
    expect(await api.code(PAGE, { id: org.id, first: 0 })).toBe('BAD_USER_INPUT');
    expect(await api.code(PAGE, { id: org.id, after: 'garbage' })).toBe('BAD_USER_INPUT');
    expect(await api.code(PAGE, { id: org.id, after: Buffer.from('["x","not-a-uuid"]').toString('base64url') })).toBe('BAD_USER_INPUT');
    expect((await page({})).edges).toHaveLength(25);
  });

  it('remembers each administrator’s columns, the Security column among them', async () => {
    const COLUMNS = `query($id: ID!) { memberListColumns(organizationId: $id) }`;
    const SET = `mutation($input: SetMemberListColumnsInput!) { setMemberListColumns(input: $input) }`;
    expect((await api.ok(COLUMNS, { id: org.id })).memberListColumns).toContain('SECURITY');
    await api.ok(SET, { input: { organizationId: org.id, columns: ['NAME', 'EMAIL', 'ROLE'] } });
    const again = await world.factory.client({
      id: (await world.factory.query(`select id from "user" where email = 'zed.admin@list.test'`))[0]!.id,
    });
    expect((await again.ok(COLUMNS, { id: org.id })).memberListColumns).toEqual(['NAME', 'EMAIL', 'ROLE']);
    await api.ok(SET, { input: { organizationId: org.id, columns: ['NAME', 'SECURITY'] } });
    expect((await api.ok(COLUMNS, { id: org.id })).memberListColumns).toEqual(['NAME', 'SECURITY']);
    expect(await api.code(SET, { input: { organizationId: org.id, columns: ['EMAIL'] } })).toBe('BAD_USER_INPUT');
    expect(await api.code(SET, { input: { organizationId: org.id, columns: ['NAME', 'NAME'] } })).toBe('BAD_USER_INPUT');
    expect(await api.code(SET, { input: { organizationId: org.id, columns: ['NAME', 'BOGUS'] } })).toBe('BAD_USER_INPUT');
  });

  it('reads the page with at most three statements and no write', async () => {
    const [{ setting }] = (await world.factory.query(`select current_setting('log_statement') as setting`)) as [{ setting: string }];
    expect(setting).toBeDefined();
    // Statement counting by pg_stat_statements needs the extension; the benchmark reports the
    // figure. Here we count what reaches PostgreSQL, on the wire between the server and it.
    counter.start();
    await page({ first: 100, filter: { twoFactor: 'DISABLED' } });
    const executed = counter.stop();
    expect(executed.length, executed.join('\n---\n')).toBeLessThanOrEqual(3); // session with gate state and memberships, rows, count
    expect(executed.filter((q) => /^\s*(insert|update|delete)/i.test(q))).toEqual([]);
  });
});

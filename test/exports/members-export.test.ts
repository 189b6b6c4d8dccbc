import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { byColumn, csvRows, download, MEMBER_COLUMNS } from './download.js';

const PAGE = `query($id: ID!, $after: String, $filter: MemberFilter) {
  organization(id: $id) { members(first: 100, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { node { id displayName email role kind joinedAt compliance methodKinds deadline blockedSince lastAlertedAt exemption { reason expiresAt } } } } } }`;

const world = useTestServer({ mailWorkers: false, campaignWorkers: false, rolloutWorkers: false, webhookWorkers: false });
let org: { id: string };
let admin: GraphQLClient;

const FORMULAS = ["=cmd|' /C calc'!A0", '@SUM(A1:A9)', '+1 555 0100', '-2+3'];

beforeAll(async () => {
  org = await world.factory.organization('Export Org');
  const ada = await world.factory.user({ displayName: 'Ada Admin', twoFactor: true });
  await world.factory.member(org.id, ada.id, 'ADMINISTRATOR');
  admin = await world.factory.client(ada);
  for (const displayName of FORMULAS) {
    const user = await world.factory.user({ displayName });
    await world.factory.member(org.id, user.id, 'USER', 'INTERNAL');
  }
  const partner = await world.factory.user({ displayName: 'Paula Partner, Ltd. "P"', email: 'paula@partner.test' });
  await world.factory.member(org.id, partner.id, 'USER', 'EXTERNAL');
  await world.factory.bulkMembers(org.id, 2500, { prefix: 'expon', twoFactor: true });
  await world.factory.bulkMembers(org.id, 2494, { prefix: 'expoff' });
});

/** Every member the API lists with this filter, in its order. */
async function listed(filter: Record<string, string> = {}): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  do {
    const data: any = await admin.ok(PAGE, { id: org.id, after, filter });
    nodes.push(...data.organization.members.edges.map((edge: any) => edge.node));
    after = data.organization.members.pageInfo.hasNextPage ? data.organization.members.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

function exported(query: Record<string, string> = {}): Promise<Response> {
  const params = new URLSearchParams({ organizationId: org.id, ...query });
  return download(world.url, `/export/members.csv?${params.toString()}`, admin.credentials);
}

/** A cell as the export writes it: what a spreadsheet would run as a formula gets a leading `'`. */
const neutralised = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
const iso = (value: string | null | undefined): string => (value ? new Date(value).toISOString() : '');

describe('GET /export/members.csv', () => {
  it('exports every member, in the list’s order, with the documented columns and the API’s values', async () => {
    const response = await exported();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="members-${org.id}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { header, rows } = await csvRows(response);
    expect(header).toEqual(MEMBER_COLUMNS);
    expect(rows).toHaveLength(5000);

    const members = await listed();
    expect(rows.map((row) => row[0])).toEqual(members.map((member) => member.id));
    for (const [i, member] of members.entries()) {
      expect(byColumn(header, rows[i]!)).toEqual({
        id: member.id,
        name: neutralised(member.displayName),
        email: member.email,
        role: member.role,
        kind: member.kind,
        joined_at: iso(member.joinedAt),
        compliance: member.compliance,
        two_factor_methods: member.methodKinds.join(' '),
        exemption_reason: member.exemption?.reason ?? '',
        exemption_expires_at: iso(member.exemption?.expiresAt),
        deadline: iso(member.deadline),
        blocked_since: iso(member.blockedSince),
        last_alerted_at: iso(member.lastAlertedAt),
      });
    }
    const ada = byColumn(
      header,
      rows.find((row) => row[1] === 'Ada Admin')!,
    );
    expect(ada).toMatchObject({ role: 'ADMINISTRATOR', kind: 'INTERNAL', compliance: 'COMPLIANT', two_factor_methods: 'TOTP' });
    expect(rows.find((row) => row[2] === 'paula@partner.test')?.[1]).toBe('Paula Partner, Ltd. "P"');
  });

  it.each<Record<string, string>>([
    { twoFactor: 'ENABLED' },
    { twoFactor: 'DISABLED', kind: 'INTERNAL' },
    { role: 'ADMINISTRATOR' },
    { kind: 'EXTERNAL' },
    { search: 'EXPON-12' },
    { compliance: 'NON_COMPLIANT', search: 'expoff-1' },
  ])('applies the member list’s filter and search %o', async (filter) => {
    const response = await exported(filter);
    expect(response.status).toBe(200);
    const { rows } = await csvRows(response);
    const members = await listed(filter);
    expect(members.length).toBeGreaterThan(0);
    expect(rows.map((row) => row[0])).toEqual(members.map((member) => member.id));
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const { header, rows } = await csvRows(await exported({ search: '' }));
    const names = rows.map((row) => byColumn(header, row).name);
    expect(names).toContain(`'=cmd|' /C calc'!A0`);
    expect(names).toContain(`'@SUM(A1:A9)`);
    expect(names).toContain(`'+1 555 0100`);
    expect(names).toContain(`'-2+3`);
    expect(names.filter((name) => /^[=+\-@\t\r]/.test(name ?? ''))).toEqual([]);
  });

  it.each([
    [{ twoFactor: 'MAYBE' }, 'twoFactor'],
    [{ compliance: 'compliant' }, 'compliance'],
    [{ role: 'OWNER' }, 'role'],
    [{ kind: 'GUEST' }, 'kind'],
    [{ search: 'x'.repeat(101) }, 'search'],
    [{ colour: 'red' }, 'colour'],
    [{ organizationId: 'not-an-id' }, 'organizationId'],
  ])('refuses %o as BAD_USER_INPUT on %s', async (query, field) => {
    const response = await exported(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a filter given twice', async () => {
    const response = await download(
      world.url,
      `/export/members.csv?organizationId=${org.id}&role=USER&role=ADMINISTRATOR`,
      admin.credentials,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });
  });
});

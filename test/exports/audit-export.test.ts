import { beforeAll, describe, expect, it } from 'vitest';
import { administeredOrganization, createToken, type Administered } from '../integration-tokens/tokens.js';
import type { Credentials } from '../support/graphql-client.js';
import type { TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';
import { AUDIT_COLUMNS, byColumn, csvRows, download } from './download.js';

const LOG = `query($id: ID!, $after: String, $filter: AuditLogFilter) {
  organization(id: $id) { auditLog(first: 100, after: $after, filter: $filter) {
    hasNextPage endCursor edges { node { id action at actor { userId tokenId name } target { userId name } data } } } } }`;
const CHANGE_ROLE = `mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`;
const REMOVE = `mutation($input: MemberRefInput!) { removeMember(input: $input) }`;

const world = useTestServer({ mailWorkers: false, campaignWorkers: false, rolloutWorkers: false, webhookWorkers: false });
let org: Administered;
let token: Credentials;
let promoted: TestUser[];

beforeAll(async () => {
  org = await administeredOrganization(world.factory, { role: 'LEGAL_REPRESENTATIVE' });
  token = { bearer: (await createToken(org, { scopes: ['AUDIT_READ'] })).token };
  const people: TestUser[] = [];
  for (const displayName of ['Rita Role', 'Ravi Role', '=HYPERLINK("http://evil.test")']) {
    const person = await world.factory.user({ displayName });
    await world.factory.member(org.organization.id, person.id, 'USER');
    people.push(person);
  }
  promoted = people.slice(0, 2);
  for (const person of promoted) {
    world.clock.advance(1000);
    await org.console.ok(CHANGE_ROLE, { input: { organizationId: org.organization.id, userId: person.id, role: 'ADMINISTRATOR' } });
  }
  world.clock.advance(1000);
  await org.console.ok(REMOVE, { input: { organizationId: org.organization.id, userId: people[2]!.id } });
});

/** The audit log as the API reads it with this filter, newest first. */
async function logged(filter: Record<string, unknown> = {}): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  do {
    const data: any = await org.console.ok(LOG, { id: org.organization.id, after, filter });
    nodes.push(...data.organization.auditLog.edges.map((edge: any) => edge.node));
    after = data.organization.auditLog.hasNextPage ? data.organization.auditLog.endCursor : null;
  } while (after);
  return nodes;
}

function exported(query = ''): Promise<Response> {
  return download(world.url, `/export/audit.csv?organizationId=${org.organization.id}${query}`, token);
}

describe('GET /export/audit.csv', () => {
  it('exports the whole log, newest first, with the documented columns and the API’s values', async () => {
    const response = await exported();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="audit-${org.organization.id}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    const { header, rows } = await csvRows(response);
    expect(header).toEqual(AUDIT_COLUMNS);
    const events = await logged();
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['TOKEN_CREATED', 'ROLE_CHANGED', 'MEMBER_REMOVED']));
    expect(rows).toHaveLength(events.length);
    for (const [i, event] of events.entries()) {
      const row = byColumn(header, rows[i]!);
      expect(row).toEqual({
        id: event.id,
        at: new Date(event.at).toISOString(),
        action: event.action,
        actor: event.actor?.name ?? '',
        actor_user_id: event.actor?.userId ?? '',
        actor_token_id: event.actor?.tokenId ?? '',
        target: event.target ? (/^[=+\-@]/.test(event.target.name) ? `'${event.target.name}` : event.target.name) : '',
        target_user_id: event.target?.userId ?? '',
        details: JSON.stringify(event.data),
      });
      expect(JSON.parse(row.details!)).toEqual(event.data);
    }
  });

  it('applies the audit log’s filters: actions (repeated or comma-separated) and the member concerned', async () => {
    const roleChanges = await csvRows(await exported('&action=ROLE_CHANGED'));
    expect(roleChanges.rows.map((row) => row[2])).toEqual(['ROLE_CHANGED', 'ROLE_CHANGED']);
    expect(roleChanges.rows.map((row) => row[0])).toEqual((await logged({ actions: ['ROLE_CHANGED'] })).map((event) => event.id));

    const repeated = await csvRows(await exported('&action=ROLE_CHANGED&action=MEMBER_REMOVED'));
    const listed = await csvRows(await exported('&action=ROLE_CHANGED,MEMBER_REMOVED'));
    const expected = (await logged({ actions: ['ROLE_CHANGED', 'MEMBER_REMOVED'] })).map((event) => event.id);
    expect(expected).toHaveLength(3);
    expect(repeated.rows.map((row) => row[0])).toEqual(expected);
    expect(listed.rows.map((row) => row[0])).toEqual(expected);

    const target = promoted[0]!;
    const concerning = await csvRows(await exported(`&targetUserId=${target.id}`));
    expect(concerning.rows.length).toBeGreaterThan(0);
    expect(concerning.rows.every((row) => byColumn(concerning.header, row).target_user_id === target.id)).toBe(true);
    expect(concerning.rows.map((row) => row[0])).toEqual((await logged({ targetUserId: target.id })).map((event) => event.id));
  });

  it('neutralises formula cells', async () => {
    const { header, rows } = await csvRows(await exported('&action=MEMBER_REMOVED'));
    expect(byColumn(header, rows[0]!).target).toBe(`'=HYPERLINK("http://evil.test")`);
  });

  it.each([
    ['&action=HACKED', 'action'],
    ['&targetUserId=nobody', 'targetUserId'],
    ['&actions=ROLE_CHANGED', 'actions'],
  ])('refuses %s as BAD_USER_INPUT', async (query, field) => {
    const response = await exported(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

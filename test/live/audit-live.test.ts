import { afterEach, describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';
import { administeredOrganization, createToken, type Administered } from '../integration-tokens/tokens.js';
import { LiveClient, REQUIRE, subscribed } from './live-client.js';

/**
 * The audit log live (`auditEventAdded`, announced by PostgreSQL at commit) and the compliance
 * history live (`complianceHistoryChanged`): administrators and tokens with the scopes receive
 * them, authorized per event; a USER, a token without `audit:read` or `events:read`, another
 * organization and a change that did not commit get nothing.
 */
const world = useTestServer({ env: { HISTORY_POLL_MS: '50' } });
const clients: LiveClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

const AUDIT_ADDED = `subscription($id: ID!) { auditEventAdded(organizationId: $id) {
  id action at actor { userId tokenId name } target { userId name } data } }`;
const HISTORY_CHANGED = `subscription($id: ID!) { complianceHistoryChanged(organizationId: $id) {
  at members compliant exempt nonCompliant blocked compliancePercent required } }`;
const EXEMPT = `mutation($input: ExemptMemberInput!) { exemptMember(input: $input) { id } }`;
const ROLE = `mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`;

async function web(user: TestUser): Promise<LiveClient> {
  const client = new LiveClient(world.url, {
    cookie: `twostep_session=${await world.factory.sessionToken(user.id)}`,
    origin: new URL(world.app.config.publicUrl).origin,
  });
  clients.push(client);
  return client;
}

function bearer(token: string): LiveClient {
  const client = new LiveClient(world.url, { bearer: token });
  clients.push(client);
  return client;
}

async function withMember(org: Administered, role: 'USER' | 'ADMINISTRATOR' = 'USER'): Promise<TestUser> {
  const user = await world.factory.user({ displayName: `Member ${Math.random().toString(36).slice(2, 7)}` });
  await world.factory.member(org.organization.id, user.id, role);
  return user;
}

const inAMonth = (): string => new Date(world.clock.now().getTime() + 30 * 86_400_000).toISOString();

describe('auditEventAdded', () => {
  it('delivers each committed entry to an administrator, as the audit log reads it; nothing for a refused change or another organization', async () => {
    const org = await administeredOrganization(world.factory);
    const member = await withMember(org);
    const other = await administeredOrganization(world.factory);
    const console = await web(org.admin);
    const added = console.subscribe(AUDIT_ADDED, { id: org.organization.id });
    await subscribed(world.app, org.admin.id);

    // Refused (a reason is required): no entry, nothing sent. Another organization's change: not here.
    expect(
      await org.console.code(EXEMPT, {
        input: { organizationId: org.organization.id, userId: member.id, reason: '', expiresAt: inAMonth() },
      }),
    ).toBe('BAD_USER_INPUT');
    await other.console.ok(REQUIRE, { input: { organizationId: other.organization.id, required: true, confirm: true } });
    await org.console.ok(EXEMPT, {
      input: { organizationId: org.organization.id, userId: member.id, reason: 'Travelling without a phone', expiresAt: inAMonth() },
    });
    const entry = (await added.result(0)).data.auditEventAdded;
    expect(entry).toMatchObject({
      action: 'EXEMPTION_CREATED',
      actor: { userId: org.admin.id, tokenId: null, name: org.admin.displayName },
      target: { userId: member.id, name: member.displayName },
      data: { reason: 'Travelling without a phone' },
    });
    // The same entry the audit log shows.
    const log = await org.console.ok(`query($id: ID!) { organization(id: $id) { auditLog(first: 1) { edges { node { id action } } } } }`, {
      id: org.organization.id,
    });
    expect(log.organization.auditLog.edges[0].node).toEqual({ id: entry.id, action: 'EXEMPTION_CREATED' });

    await org.console.ok(REQUIRE, { input: { organizationId: org.organization.id, required: true, confirm: true } });
    expect((await added.result(1)).data.auditEventAdded.action).toBe('REQUIREMENT_ENABLED');
    expect(added.results).toHaveLength(2);
  });

  it('a token needs both audit:read and events:read; a USER is refused', async () => {
    const org = await administeredOrganization(world.factory);
    /** The code a subscribe is refused with, at once: one result with the error, then complete. */
    const refusal = async (client: LiveClient): Promise<string | undefined> => {
      const watch = client.subscribe(AUDIT_ADDED, { id: org.organization.id });
      await watch.until(() => watch.completed || watch.errors !== undefined, 'the refusal');
      return (watch.errors ?? watch.results[0]?.errors)?.[0]?.extensions?.code as string | undefined;
    };
    const user = await withMember(org);
    const eventsOnly = await createToken(org, { name: 'Events only', scopes: ['EVENTS_READ'] });
    expect(await refusal(bearer(eventsOnly.token))).toBe('FORBIDDEN');
    const auditOnly = await createToken(org, { name: 'Audit only', scopes: ['AUDIT_READ'] });
    expect(await refusal(bearer(auditOnly.token))).toBe('SCOPE_REQUIRED');
    expect(await refusal(await web(user))).toBe('FORBIDDEN');

    const both = await createToken(org, { name: 'SIEM', scopes: ['AUDIT_READ', 'EVENTS_READ'] });
    const siem = bearer(both.token).subscribe(AUDIT_ADDED, { id: org.organization.id });
    await subscribed(world.app, both.id);
    await org.console.ok(ROLE, { input: { organizationId: org.organization.id, userId: user.id, role: 'ADMINISTRATOR' } });
    expect((await siem.result(0)).data.auditEventAdded).toMatchObject({
      action: 'ROLE_CHANGED',
      data: { from: 'USER', to: 'ADMINISTRATOR' },
    });
  });

  it('ends for an administrator who is made a USER while subscribed, at the next entry', async () => {
    const org = await administeredOrganization(world.factory, { role: 'LEGAL_REPRESENTATIVE' });
    const admin = await withMember(org, 'ADMINISTRATOR');
    const member = await withMember(org);
    const watch = (await web(admin)).subscribe(AUDIT_ADDED, { id: org.organization.id });
    await subscribed(world.app, admin.id);
    await org.console.ok(ROLE, { input: { organizationId: org.organization.id, userId: admin.id, role: 'USER' } });
    expect((await watch.failure())[0]?.extensions?.code).toBe('FORBIDDEN');
    await org.console.ok(EXEMPT, {
      input: { organizationId: org.organization.id, userId: member.id, reason: 'Later', expiresAt: inAMonth() },
    });
    expect(watch.results).toHaveLength(0);
  });

  it('ends with CONFLICT when the feed’s database connection is lost (entries may be missed: the client re-queries)', async () => {
    const org = await administeredOrganization(world.factory);
    const watch = (await web(org.admin)).subscribe(AUDIT_ADDED, { id: org.organization.id });
    await subscribed(world.app, org.admin.id);
    await world.factory.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'twostep-audit-feed' and datname = current_database()`,
    );
    expect((await watch.failure())[0]?.extensions?.code).toBe('CONFLICT');
    // A new subscription listens on a new connection.
    const again = (await web(org.admin)).subscribe(AUDIT_ADDED, { id: org.organization.id });
    await subscribed(world.app, org.admin.id);
    await org.console.ok(REQUIRE, { input: { organizationId: org.organization.id, required: true, confirm: true } });
    expect((await again.result(0)).data.auditEventAdded.action).toBe('REQUIREMENT_ENABLED');
  });
});

describe('complianceHistoryChanged', () => {
  it('sends the new point after a change that moves the counts', async () => {
    const org = await administeredOrganization(world.factory);
    const member = await withMember(org);
    const { token, id } = await createToken(org, { name: 'Chart', scopes: ['EVENTS_READ'] });
    const points = bearer(token).subscribe(HISTORY_CHANGED, { id: org.organization.id });
    await subscribed(world.app, id);
    await org.console.ok(REQUIRE, { input: { organizationId: org.organization.id, required: true, confirm: true } });
    expect((await points.result(0)).data.complianceHistoryChanged).toMatchObject({
      members: 2,
      compliant: 1,
      nonCompliant: 1,
      blocked: 1,
      compliancePercent: 50,
      required: true,
    });
    await org.console.ok(EXEMPT, {
      input: { organizationId: org.organization.id, userId: member.id, reason: 'Leave', expiresAt: inAMonth() },
    });
    expect((await points.result(1)).data.complianceHistoryChanged).toMatchObject({ exempt: 1, blocked: 0, compliancePercent: 100 });
  });
});

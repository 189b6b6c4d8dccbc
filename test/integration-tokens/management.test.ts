import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { rawConnect } from '../live/live-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { administeredOrganization, CREATE, createToken, LIST, REVOKE } from './tokens.js';

const world = useTestServer();

async function counts(organizationId: string): Promise<{ tokens: number; audit: number }> {
  const [row] = await world.factory.query(
    `select (select count(*) from integration_token where organization_id = ?)::int as tokens,
            (select count(*) from audit_event where organization_id = ?)::int as audit`,
    [organizationId, organizationId],
  );
  return { tokens: row!.tokens, audit: row!.audit };
}

describe('creating integration tokens', () => {
  it('lets an administrator create one; the secret is shown once and only its SHA-256 is stored', async () => {
    const org = await administeredOrganization(world.factory, { twoFactor: false });
    const result = await org.console.request(CREATE, {
      input: { organizationId: org.organization.id, name: '  Nightly   report ', scopes: ['MEMBERS_READ', 'AUDIT_READ'] },
    });
    expect(result.errors).toBeUndefined();
    const created = result.data!.createIntegrationToken;
    expect(created.token).toMatch(/^tsi_[A-Za-z0-9_-]{43}$/);
    expect(created.integrationToken).toMatchObject({
      name: 'Nightly report',
      scopes: ['MEMBERS_READ', 'AUDIT_READ'],
      state: 'ACTIVE',
      createdBy: { userId: org.admin.id, tokenId: null, name: org.admin.displayName },
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });

    const [row] = await world.factory.query(`select * from integration_token where id = ?`, [created.integrationToken.id]);
    expect(row!.token_hash).toBeInstanceOf(Buffer);
    expect(row!.token_hash.length).toBe(32);
    expect(row!.token_hash.equals(createHash('sha256').update(created.token).digest())).toBe(true);
    expect(row!.scopes).toEqual(['members:read', 'audit:read']);
    expect(row!.organization_id).toBe(org.organization.id);
    expect(row!.created_by_user_id).toBe(org.admin.id);
    const secret = created.token.slice('tsi_'.length);
    expect(JSON.stringify(row)).not.toContain(secret);

    // Afterwards the list never carries it, and the type has no field that could.
    const list = await org.console.request(LIST, { id: org.organization.id });
    expect(list.data!.integrationTokens).toEqual([created.integrationToken]);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(
      await org.console.code(`query($id: ID!) { integrationTokens(organizationId: $id) { token } }`, { id: org.organization.id }),
    ).toBe('GRAPHQL_VALIDATION_FAILED');

    const audit = await world.factory.query(`select * from audit_event where organization_id = ? and action = 'TOKEN_CREATED'`, [
      org.organization.id,
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: org.admin.id, actor_token_id: null });
    expect(audit[0]!.data).toMatchObject({
      tokenId: created.integrationToken.id,
      name: 'Nightly report',
      scopes: ['members:read', 'audit:read'],
    });
  });

  it('lets a legal representative create one, with an expiry', async () => {
    const org = await administeredOrganization(world.factory, { role: 'LEGAL_REPRESENTATIVE' });
    const expiresAt = new Date(world.clock.now().getTime() + 24 * 3_600_000).toISOString();
    const data = await org.console.ok(CREATE, {
      input: { organizationId: org.organization.id, name: 'Alerts bot', scopes: ['ALERTS_SEND', 'EVENTS_READ'], expiresAt },
    });
    expect(data.createIntegrationToken.integrationToken).toMatchObject({
      scopes: ['ALERTS_SEND', 'EVENTS_READ'],
      expiresAt,
      state: 'ACTIVE',
    });
  });

  it('refuses a USER (FORBIDDEN) and a non-member (NOT_FOUND), for creating, listing and revoking', async () => {
    const org = await administeredOrganization(world.factory);
    const { id } = await createToken(org);
    const user = await world.factory.user({ twoFactor: true });
    await world.factory.member(org.organization.id, user.id, 'USER');
    const outsider = await world.factory.user({ twoFactor: true });
    const before = await counts(org.organization.id);
    for (const [who, code] of [
      [user, 'FORBIDDEN'],
      [outsider, 'NOT_FOUND'],
    ] as const) {
      const client = await world.factory.client(who);
      expect(await client.code(CREATE, { input: { organizationId: org.organization.id, name: 'Mine', scopes: ['MEMBERS_READ'] } })).toBe(
        code,
      );
      expect(await client.code(LIST, { id: org.organization.id })).toBe(code);
      expect(await client.code(REVOKE, { input: { organizationId: org.organization.id, id } })).toBe(code);
    }
    expect(await counts(org.organization.id)).toEqual(before);
    const [row] = await world.factory.query(`select revoked_at from integration_token where id = ?`, [id]);
    expect(row!.revoked_at).toBeNull();
  });

  it('grants policy:write only from a person with 2FA', async () => {
    const without = await administeredOrganization(world.factory, { twoFactor: false });
    const before = await counts(without.organization.id);
    const refused = await without.console.request(CREATE, {
      input: { organizationId: without.organization.id, name: 'Policy bot', scopes: ['MEMBERS_READ', 'POLICY_WRITE'] },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('ACTOR_TWO_FACTOR_REQUIRED');
    expect(await counts(without.organization.id)).toEqual(before);

    const withTwoFactor = await administeredOrganization(world.factory, { twoFactor: true });
    const data = await withTwoFactor.console.ok(CREATE, {
      input: { organizationId: withTwoFactor.organization.id, name: 'Policy bot', scopes: ['POLICY_WRITE'] },
    });
    expect(data.createIntegrationToken.integrationToken.scopes).toEqual(['POLICY_WRITE']);
  });

  it('answers bad input with stable codes and changes nothing', async () => {
    const org = await administeredOrganization(world.factory);
    const organizationId = org.organization.id;
    const now = world.clock.now().getTime();
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ name: '' }, 'BAD_USER_INPUT', 'name'],
      [{ name: '   ' }, 'BAD_USER_INPUT', 'name'],
      [{ name: 'x'.repeat(101) }, 'BAD_USER_INPUT', 'name'],
      [{ name: 'bell\u0007' }, 'BAD_USER_INPUT', 'name'],
      [{ scopes: [] }, 'BAD_USER_INPUT', 'scopes'],
      [{ scopes: ['MEMBERS_READ', 'MEMBERS_READ'] }, 'BAD_USER_INPUT', 'scopes'],
      [{ scopes: ['ADMIN'] }, 'BAD_USER_INPUT', undefined],
      [{ scopes: ['members:read'] }, 'BAD_USER_INPUT', undefined],
      [{ expiresAt: new Date(now - 1_000).toISOString() }, 'BAD_USER_INPUT', 'expiresAt'],
      [{ expiresAt: new Date(now).toISOString() }, 'BAD_USER_INPUT', 'expiresAt'],
      [{ expiresAt: 'next tuesday' }, 'BAD_USER_INPUT', undefined],
      [{ organizationId: 'not-an-id' }, 'BAD_USER_INPUT', 'organizationId'],
      [{ organizationId: randomUUID() }, 'NOT_FOUND', undefined],
    ];
    const before = await counts(organizationId);
    for (const [change, code, field] of cases) {
      const result = await org.console.request(CREATE, {
        input: { organizationId, name: 'Valid name', scopes: ['MEMBERS_READ'], ...change },
      });
      expect({ change, code: result.errors?.[0]?.extensions?.code }).toEqual({ change, code });
      if (field) expect(result.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await org.console.code(REVOKE, { input: { organizationId, id: 'not-an-id' } })).toBe('BAD_USER_INPUT');
    expect(await org.console.code(REVOKE, { input: { organizationId, id: randomUUID() } })).toBe('NOT_FOUND');
    expect(await org.console.code(REVOKE, { input: { organizationId: 'nope', id: randomUUID() } })).toBe('BAD_USER_INPUT');
    expect(await counts(organizationId)).toEqual(before);
  });
});

describe('listing and revoking integration tokens', () => {
  it('lists newest first with their state; revoking is audited, announced and idempotent', async () => {
    const org = await administeredOrganization(world.factory);
    const hour = 3_600_000;
    const short = await createToken(org, { name: 'Short-lived', expiresAt: new Date(world.clock.now().getTime() + hour).toISOString() });
    world.clock.advance(1_000);
    const revoked = await createToken(org, { name: 'Revoked' });
    world.clock.advance(1_000);
    const active = await createToken(org, { name: 'Active' });

    // Announced: the socket a dashboard opened with the token is closed at once (before the
    // registry's periodic sweep, every 30 s, could find the revocation by itself).
    const dashboard = await rawConnect(world.url, { payload: { authorization: `Bearer ${revoked.token}` } });
    expect(dashboard.acked).toBe(true);
    let closedWith: number | undefined;
    dashboard.socket.on('close', (code) => (closedWith = code));
    const first = await org.console.ok(REVOKE, { input: { organizationId: org.organization.id, id: revoked.id } });
    expect(first.revokeIntegrationToken).toBe(true);
    await vi.waitFor(() => expect(closedWith).toBe(4403), { timeout: 5_000 });
    const again = await org.console.ok(REVOKE, { input: { organizationId: org.organization.id, id: revoked.id } });
    expect(again.revokeIntegrationToken).toBe(false);
    const audit = await world.factory.query(`select * from audit_event where organization_id = ? and action = 'TOKEN_REVOKED'`, [
      org.organization.id,
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: org.admin.id, data: { tokenId: revoked.id, name: 'Revoked' } });

    world.clock.advance(hour);
    const list = (await org.console.ok(LIST, { id: org.organization.id })).integrationTokens;
    expect(list.map((t: any) => [t.id, t.state])).toEqual([
      [active.id, 'ACTIVE'],
      [revoked.id, 'REVOKED'],
      [short.id, 'EXPIRED'],
    ]);
    expect(list[1].revokedAt).not.toBeNull();
  });

  it('never revokes another organization’s token', async () => {
    const mine = await administeredOrganization(world.factory);
    const theirs = await administeredOrganization(world.factory);
    const token = await createToken(theirs);
    expect(await mine.console.code(REVOKE, { input: { organizationId: mine.organization.id, id: token.id } })).toBe('NOT_FOUND');
    expect(await mine.console.code(REVOKE, { input: { organizationId: theirs.organization.id, id: token.id } })).toBe('NOT_FOUND');
    const list = (await mine.console.ok(LIST, { id: mine.organization.id })).integrationTokens;
    expect(list).toEqual([]);
    const [row] = await world.factory.query(`select revoked_at from integration_token where id = ?`, [token.id]);
    expect(row!.revoked_at).toBeNull();
  });
});

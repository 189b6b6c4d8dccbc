import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';
import { administeredOrganization, createToken, integration } from './tokens.js';

const MEMBERS = `query($id: ID!) { organization(id: $id) { members(first: 5) { totalCount edges { node { twoFactorEnabled } } } } }`;
const AUDIT = `query($id: ID!) { organization(id: $id) { auditLog(first: 5) { edges { node { action } } } } }`;
const REQUIRE = `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) {
  twoFactorRequired changedBy { userId tokenId name } } }`;

const world = useTestServer();

describe('integration token scopes', () => {
  it('reach exactly the fields their scopes name', async () => {
    const org = await administeredOrganization(world.factory);
    const id = org.organization.id;
    const members = integration(world.server, (await createToken(org, { scopes: ['MEMBERS_READ'] })).token);
    const audit = integration(world.server, (await createToken(org, { scopes: ['AUDIT_READ'] })).token);

    expect((await members.ok(MEMBERS, { id })).organization.members.totalCount).toBe(1);
    const refused = await members.request(AUDIT, { id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'SCOPE_REQUIRED', scope: 'audit:read' });
    expect(refused.data ?? null).toBeNull();

    expect((await audit.ok(AUDIT, { id })).organization.auditLog.edges.map((e: any) => e.node.action)).toContain('TOKEN_CREATED');
    expect((await audit.request(MEMBERS, { id })).errors?.[0]?.extensions).toMatchObject({ code: 'SCOPE_REQUIRED', scope: 'members:read' });
  });

  it('changes the requirement only with policy:write, in its own organization, audited as the token', async () => {
    const org = await administeredOrganization(world.factory, { twoFactor: true });
    const other = await administeredOrganization(world.factory, { twoFactor: true });
    const organizationId = org.organization.id;
    const reader = integration(world.server, (await createToken(org, { scopes: ['MEMBERS_READ', 'ALERTS_SEND'] })).token);
    const writer = await createToken(org, { name: 'Compliance bot', scopes: ['POLICY_WRITE'] });
    const input = { organizationId, required: true, confirm: true };

    expect((await reader.request(REQUIRE, { input })).errors?.[0]?.extensions).toMatchObject({
      code: 'SCOPE_REQUIRED',
      scope: 'policy:write',
    });
    expect(
      await integration(world.server, writer.token).code(REQUIRE, { input: { ...input, organizationId: other.organization.id } }),
    ).toBe('NOT_FOUND');
    const [before] = await world.factory.query(`select two_factor_required from organization where id = ?`, [other.organization.id]);
    expect(before!.two_factor_required).toBe(false);

    const data = await integration(world.server, writer.token).ok(REQUIRE, { input });
    expect(data.setTwoFactorRequirement).toEqual({
      twoFactorRequired: true,
      changedBy: { userId: null, tokenId: writer.id, name: 'Compliance bot' },
    });
    const events = await world.factory.query(
      `select action, actor_user_id, actor_token_id from audit_event where organization_id = ? order by id`,
      [organizationId],
    );
    expect(events.filter((e) => e.actor_token_id === writer.id).map((e) => e.action)).toEqual(
      expect.arrayContaining(['REQUIREMENT_ENABLED', 'TOKEN_USED_POLICY_WRITE']),
    );
  });
});

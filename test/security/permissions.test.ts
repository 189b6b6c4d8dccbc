import { beforeAll, describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Every row of PRODUCT.md's permission table, allowed and refused, for each role and for
 * integration tokens (scope and cross-organization refusals). Invitations and token management
 * rows are covered in test/invitations and test/integration-tokens.
 */
const world = useTestServer();
let org: { id: string; name: string };
let other: { id: string; name: string };
const users: Record<'legal' | 'admin' | 'user' | 'adminNo2fa' | 'target' | 'external' | 'outsider', TestUser> = {} as never;
const api: Record<string, GraphQLClient> = {};

const MEMBERS = `query($id: ID!) { organization(id: $id) { members(first: 5) { totalCount } } }`;
const SUMMARY = `query($id: ID!) { organization(id: $id) { securitySummary { members } } }`;
const AUDIT = `query($id: ID!) { organization(id: $id) { auditLog(first: 5) { edges { node { action } } } } }`;
const ALERT = `mutation($input: SendAlertInput!) { sendAlert(input: $input) { id } }`;
const REQUIRE = `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired } }`;
const ROLE = `mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`;
const REMOVE = `mutation($input: MemberRefInput!) { removeMember(input: $input) }`;
const RESET = `mutation($input: ResetMemberInput!) { resetMemberSecondFactors(input: $input) { id } }`;
const OWN = `{ viewer { memberships { role kind organization { id name twoFactorRequired } } } }`;

beforeAll(async () => {
  org = await world.factory.organization('Permissions Inc');
  other = await world.factory.organization('Other Org');
  users.legal = await world.factory.user({ twoFactor: true });
  users.admin = await world.factory.user({ twoFactor: true });
  users.adminNo2fa = await world.factory.user();
  users.user = await world.factory.user({ twoFactor: true });
  users.target = await world.factory.user();
  users.external = await world.factory.user();
  users.outsider = await world.factory.user({ twoFactor: true });
  await world.factory.member(org.id, users.legal.id, 'LEGAL_REPRESENTATIVE');
  await world.factory.member(org.id, users.admin.id, 'ADMINISTRATOR');
  await world.factory.member(org.id, users.adminNo2fa.id, 'ADMINISTRATOR');
  await world.factory.member(org.id, users.user.id, 'USER');
  await world.factory.member(org.id, users.target.id, 'USER');
  await world.factory.member(org.id, users.external.id, 'USER', 'EXTERNAL');
  await world.factory.member(other.id, users.outsider.id, 'LEGAL_REPRESENTATIVE');
  for (const [name, user] of Object.entries(users)) api[name] = await world.factory.client(user);
});

async function token(scopes: string[], organizationId = org.id): Promise<GraphQLClient> {
  const creator = organizationId === org.id ? api.legal! : api.outsider!;
  const { createIntegrationToken } = await creator.ok(
    `mutation($input: CreateIntegrationTokenInput!) { createIntegrationToken(input: $input) { token } }`,
    {
      input: { organizationId, name: `t-${scopes.join('-')}`, scopes },
    },
  );
  return new GraphQLClient(world.url, { bearer: createIntegrationToken.token });
}

describe('see own membership, the organization’s name and whether it requires 2FA', () => {
  it.each(['legal', 'admin', 'user'])('%s: yes', async (who) => {
    const { viewer } = await api[who]!.ok(OWN);
    expect(viewer.memberships[0].organization).toEqual({ id: org.id, name: org.name, twoFactorRequired: false });
  });
});

describe('list members, summary, alert history, audit log', () => {
  it.each(['legal', 'admin'])('%s: yes', async (who) => {
    expect((await api[who]!.ok(MEMBERS, { id: org.id })).organization.members.totalCount).toBe(6);
    expect((await api[who]!.ok(SUMMARY, { id: org.id })).organization.securitySummary.members).toBe(6);
    await api[who]!.ok(AUDIT, { id: org.id });
    await api[who]!.ok(`query($id: ID!, $u: ID!) { organization(id: $id) { member(userId: $u) { alerts { id state } } } }`, {
      id: org.id,
      u: users.target.id,
    });
  });
  it('USER: no', async () => {
    for (const query of [MEMBERS, SUMMARY, AUDIT]) expect(await api.user!.code(query, { id: org.id })).toBe('FORBIDDEN');
  });
  it('a member of another organization: not found', async () => {
    expect(await api.outsider!.code(MEMBERS, { id: org.id })).toBe('NOT_FOUND');
  });
  it('tokens: members:read and audit:read each open their part only', async () => {
    const members = await token(['MEMBERS_READ']);
    expect((await members.ok(MEMBERS, { id: org.id })).organization.members.totalCount).toBe(6);
    expect((await members.ok(SUMMARY, { id: org.id })).organization.securitySummary.members).toBe(6);
    expect(await members.code(AUDIT, { id: org.id })).toBe('SCOPE_REQUIRED');
    const audit = await token(['AUDIT_READ']);
    await audit.ok(AUDIT, { id: org.id });
    expect(await audit.code(MEMBERS, { id: org.id })).toBe('SCOPE_REQUIRED');
  });
  it('tokens: another organization’s id is not found', async () => {
    const foreign = await token(['MEMBERS_READ'], other.id);
    expect(await foreign.code(MEMBERS, { id: org.id })).toBe('NOT_FOUND');
  });
});

describe('send alerts', () => {
  it.each(['legal', 'admin'])('%s: yes', async (who) => {
    const target = await world.factory.user();
    await world.factory.member(org.id, target.id);
    await api[who]!.ok(ALERT, { input: { organizationId: org.id, userId: target.id, confirm: true } });
  });
  it('USER: no', async () => {
    expect(await api.user!.code(ALERT, { input: { organizationId: org.id, userId: users.target.id, confirm: true } })).toBe('FORBIDDEN');
  });
  it('tokens: alerts:send yes, members:read no', async () => {
    const target = await world.factory.user();
    await world.factory.member(org.id, target.id);
    expect(await (await token(['MEMBERS_READ'])).code(ALERT, { input: { organizationId: org.id, userId: target.id, confirm: true } })).toBe(
      'SCOPE_REQUIRED',
    );
    const { sendAlert } = await (
      await token(['ALERTS_SEND'])
    ).ok(ALERT, { input: { organizationId: org.id, userId: target.id, confirm: true } });
    expect(sendAlert.id).toBeTruthy();
  });
});

describe('change roles, remove members', () => {
  it('ADMINISTRATOR changes USER and ADMINISTRATOR roles, but not to or from LEGAL_REPRESENTATIVE', async () => {
    const someone = await world.factory.user();
    await world.factory.member(org.id, someone.id);
    expect(
      (await api.admin!.ok(ROLE, { input: { organizationId: org.id, userId: someone.id, role: 'ADMINISTRATOR' } })).changeMemberRole.role,
    ).toBe('ADMINISTRATOR');
    expect((await api.admin!.ok(ROLE, { input: { organizationId: org.id, userId: someone.id, role: 'USER' } })).changeMemberRole.role).toBe(
      'USER',
    );
    expect(await api.admin!.code(ROLE, { input: { organizationId: org.id, userId: someone.id, role: 'LEGAL_REPRESENTATIVE' } })).toBe(
      'FORBIDDEN',
    );
    expect(await api.admin!.code(ROLE, { input: { organizationId: org.id, userId: users.legal.id, role: 'USER' } })).toBe('FORBIDDEN');
    expect(await api.admin!.code(REMOVE, { input: { organizationId: org.id, userId: users.legal.id } })).toBe('FORBIDDEN');
  });
  it('LEGAL_REPRESENTATIVE grants and takes the legal-representative role; the last one stays', async () => {
    expect(await api.legal!.code(ROLE, { input: { organizationId: org.id, userId: users.legal.id, role: 'USER' } })).toBe(
      'LAST_LEGAL_REPRESENTATIVE',
    );
    expect(await api.legal!.code(REMOVE, { input: { organizationId: org.id, userId: users.legal.id } })).toBe('LAST_LEGAL_REPRESENTATIVE');
    const second = await world.factory.user();
    await world.factory.member(org.id, second.id);
    await api.legal!.ok(ROLE, { input: { organizationId: org.id, userId: second.id, role: 'LEGAL_REPRESENTATIVE' } });
    await api.legal!.ok(ROLE, { input: { organizationId: org.id, userId: second.id, role: 'USER' } });
    await api.legal!.ok(REMOVE, { input: { organizationId: org.id, userId: second.id } });
    const log = await api.legal!.ok(
      `query($id: ID!) { organization(id: $id) { auditLog(first: 3, filter: { actions: [ROLE_CHANGED, MEMBER_REMOVED] }) { edges { node { action data target { userId } } } } } }`,
      { id: org.id },
    );
    expect(log.organization.auditLog.edges.map((e: any) => e.node.action)).toEqual(['MEMBER_REMOVED', 'ROLE_CHANGED', 'ROLE_CHANGED']);
    expect(log.organization.auditLog.edges[1].node.data).toEqual({ from: 'LEGAL_REPRESENTATIVE', to: 'USER' });
  });
  it('USER and tokens: no', async () => {
    expect(await api.user!.code(ROLE, { input: { organizationId: org.id, userId: users.target.id, role: 'ADMINISTRATOR' } })).toBe(
      'FORBIDDEN',
    );
    expect(await api.user!.code(REMOVE, { input: { organizationId: org.id, userId: users.target.id } })).toBe('FORBIDDEN');
    const all = await token(['MEMBERS_READ', 'AUDIT_READ', 'ALERTS_SEND', 'POLICY_WRITE', 'EVENTS_READ']);
    expect(await all.code(ROLE, { input: { organizationId: org.id, userId: users.target.id, role: 'ADMINISTRATOR' } })).toBe(
      'SURFACE_NOT_ALLOWED',
    );
    expect(await all.code(REMOVE, { input: { organizationId: org.id, userId: users.target.id } })).toBe('SURFACE_NOT_ALLOWED');
  });
});

describe('reset a member’s second factors', () => {
  it('INTERNAL members only, with the administrator’s own fresh proof', async () => {
    const lost = await world.factory.user({ twoFactor: true });
    await world.factory.member(org.id, lost.id);
    expect(
      await api.admin!.code(RESET, {
        input: { organizationId: org.id, userId: users.external.id, proof: { password: users.admin.password }, confirm: true },
      }),
    ).toBe('MEMBERSHIP_KIND');
    expect(await api.admin!.code(RESET, { input: { organizationId: org.id, userId: lost.id, proof: {}, confirm: true } })).toBe(
      'PROOF_REQUIRED',
    );
    expect(
      await api.admin!.code(RESET, {
        input: { organizationId: org.id, userId: lost.id, proof: { password: users.admin.password }, confirm: false },
      }),
    ).toBe('CONFIRMATION_REQUIRED');
    await api.admin!.ok(RESET, {
      input: { organizationId: org.id, userId: lost.id, proof: { password: users.admin.password }, confirm: true },
    });
    const [row] = await world.factory.query(
      `select two_factor_enabled, (select count(*) from totp_method where user_id = ?) as methods from "user" where id = ?`,
      [lost.id, lost.id],
    );
    expect(row).toMatchObject({ two_factor_enabled: false, methods: '0' });
  });
  it('USER and tokens: no', async () => {
    expect(
      await api.user!.code(RESET, {
        input: { organizationId: org.id, userId: users.target.id, proof: { password: users.user.password }, confirm: true },
      }),
    ).toBe('FORBIDDEN');
    const all = await token(['MEMBERS_READ', 'POLICY_WRITE']);
    expect(await all.code(RESET, { input: { organizationId: org.id, userId: users.target.id, proof: {}, confirm: true } })).toBe(
      'SURFACE_NOT_ALLOWED',
    );
  });
});

describe('turn the requirement on or off', () => {
  it('ADMINISTRATOR with 2FA: yes; the same value twice changes nothing', async () => {
    await api.admin!.ok(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } });
    await api.admin!.ok(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } });
    await api.legal!.ok(REQUIRE, { input: { organizationId: org.id, required: false, confirm: true } });
    const log = await api.legal!.ok(
      `query($id: ID!) { organization(id: $id) { auditLog(first: 10, filter: { actions: [REQUIREMENT_ENABLED, REQUIREMENT_DISABLED] }) { edges { node { action } } } } }`,
      { id: org.id },
    );
    expect(log.organization.auditLog.edges.map((e: any) => e.node.action)).toEqual(['REQUIREMENT_DISABLED', 'REQUIREMENT_ENABLED']);
  });
  it('ADMINISTRATOR without 2FA: refused with a clear code', async () => {
    expect(await api.adminNo2fa!.code(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } })).toBe(
      'ACTOR_TWO_FACTOR_REQUIRED',
    );
  });
  it('USER: no', async () => {
    expect(await api.user!.code(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } })).toBe('FORBIDDEN');
  });
  it('tokens: policy:write yes (audited as the token’s use), others no', async () => {
    expect(await (await token(['MEMBERS_READ'])).code(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } })).toBe(
      'SCOPE_REQUIRED',
    );
    const writer = await token(['POLICY_WRITE']);
    expect(
      (await writer.ok(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } })).setTwoFactorRequirement
        .twoFactorRequired,
    ).toBe(true);
    const log = await api.legal!.ok(
      `query($id: ID!) { organization(id: $id) { securityPolicy { changedBy { name tokenId } } auditLog(first: 2) { edges { node { action actor { tokenId } } } } } }`,
      { id: org.id },
    );
    expect(log.organization.auditLog.edges.map((e: any) => e.node.action)).toEqual(['TOKEN_USED_POLICY_WRITE', 'REQUIREMENT_ENABLED']);
    expect(log.organization.securityPolicy.changedBy.tokenId).toBeTruthy();
    await writer.ok(REQUIRE, { input: { organizationId: org.id, required: false, confirm: true } });
  });
});

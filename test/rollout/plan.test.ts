import { describe, expect, it } from 'vitest';
import { ACCEPT, administered, DAY_MS, invite, type Administered } from '../invitations/invitations.js';
import { createToken, integration } from '../integration-tokens/tokens.js';
import type { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Rollout plans (issue 14, first step): an enforcement date that turns the requirement on by
 * itself, a window for new members, expiring exemptions, compliance per organization. The clock is
 * the server's injectable one; the sweeper runs by hand (`drain`), so each test sees exactly what
 * one round records.
 */
const HOUR_MS = 3_600_000;
const PASSWORD = 'a long enough new password';

const SCHEDULE = `mutation($input: ScheduleTwoFactorRequirementInput!) {
  scheduleTwoFactorRequirement(input: $input) { twoFactorRequired requiredFrom scheduledAt scheduledBy { userId name } } }`;
const CANCEL = `mutation($input: CancelScheduledTwoFactorRequirementInput!) { cancelScheduledTwoFactorRequirement(input: $input) { requiredFrom } }`;
const REQUIRE = `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired requiredFrom } }`;
const WINDOW = `mutation($input: SetNewMemberWindowInput!) { setNewMemberWindow(input: $input) { newMemberWindowDays } }`;
const EXEMPT = `mutation($input: ExemptMemberInput!) { exemptMember(input: $input) {
  id compliance exemption { reason expiresAt createdBy { userId name } } } }`;
const REVOKE = `mutation($input: RevokeExemptionInput!) { revokeExemption(input: $input) { id compliance exemption { reason } } }`;
const POLICY = `query($id: ID!) { organization(id: $id) { securityPolicy { twoFactorRequired requiredFrom changedBy { userId } } } }`;
const MEMBER = `query($id: ID!, $userId: ID!) { organization(id: $id) { member(userId: $userId) {
  compliance deadline blockedSince exemption { reason } } } }`;
const SUMMARY = `query($id: ID!) { organization(id: $id) { securitySummary { members withTwoFactor exempt inWindow nonCompliant compliancePercent } } }`;
const BY_COMPLIANCE = `query($id: ID!, $c: Compliance) { organization(id: $id) { members(first: 50, filter: { compliance: $c }) {
  totalCount edges { node { id compliance } } } } }`;
const ACCESS = `query { viewer { access { blocked blockingOrganizations { id } deadlines { organization { id } deadline } } } }`;
/** Something only the web surface reaches, and not while blocked. */
const ORGANIZATION = `query($id: ID!) { organization(id: $id) { name } }`;

const world = useTestServer({ rolloutWorkers: false });

/** An organization with an administrator (with 2FA) and a member without 2FA, signed in on the web. */
async function organizationWithMember(): Promise<Administered & { member: { id: string }; memberWeb: GraphQLClient }> {
  const org = await administered(world.factory, 'LEGAL_REPRESENTATIVE');
  const member = await world.factory.user();
  await world.factory.member(org.organization.id, member.id, 'USER');
  return { ...org, member, memberWeb: await world.factory.client(member) };
}

async function auditActions(
  organizationId: string,
): Promise<{ action: string; actor_user_id: string | null; data: Record<string, unknown> }[]> {
  return (await world.factory.query(`select action, actor_user_id, data from audit_event where organization_id = ? order by id`, [
    organizationId,
  ])) as { action: string; actor_user_id: string | null; data: Record<string, unknown> }[];
}

const inDays = (days: number): string => new Date(world.clock.now().getTime() + days * DAY_MS).toISOString();

describe('an enforcement date', () => {
  it('refuses bad dates, unconfirmed changes and people who may not change the policy, changing nothing', async () => {
    const org = await organizationWithMember();
    const id = org.organization.id;
    const past = new Date(world.clock.now().getTime() - HOUR_MS).toISOString();
    const soon = new Date(world.clock.now().getTime() + 30 * 60_000).toISOString();
    for (const requiredFrom of [past, soon, inDays(367)]) {
      expect(await org.console.code(SCHEDULE, { input: { organizationId: id, requiredFrom, confirm: true } })).toBe('BAD_USER_INPUT');
    }
    expect(await org.console.code(SCHEDULE, { input: { organizationId: id, requiredFrom: inDays(2), confirm: false } })).toBe(
      'CONFIRMATION_REQUIRED',
    );
    expect(await org.memberWeb.code(SCHEDULE, { input: { organizationId: id, requiredFrom: inDays(2), confirm: true } })).toBe('FORBIDDEN');
    expect(await org.console.code(CANCEL, { input: { organizationId: id, confirm: true } })).toBe('CONFLICT');
    const policy = await org.console.ok(POLICY, { id });
    expect(policy.organization.securityPolicy).toMatchObject({ twoFactorRequired: false, requiredFrom: null });
    expect(await auditActions(id)).toEqual([]);
  });

  it('blocks nobody before the date, shows the member their deadline, and turns on by itself exactly once', async () => {
    const org = await organizationWithMember();
    const id = org.organization.id;
    const date = inDays(14);
    const scheduled = await org.console.ok(SCHEDULE, { input: { organizationId: id, requiredFrom: date, confirm: true } });
    expect(scheduled.scheduleTwoFactorRequirement).toMatchObject({
      twoFactorRequired: false,
      requiredFrom: date,
      scheduledBy: { userId: org.admin.id },
    });

    // Before the date: nobody is blocked; the member sees the date as their deadline, and is IN_WINDOW.
    const before = await org.memberWeb.ok(ACCESS);
    expect(before.viewer.access).toEqual({
      blocked: false,
      blockingOrganizations: [],
      deadlines: [{ organization: { id }, deadline: date }],
    });
    expect((await org.console.ok(MEMBER, { id, userId: org.member.id })).organization.member).toMatchObject({
      compliance: 'IN_WINDOW',
      deadline: date,
      blockedSince: null,
    });
    expect((await org.console.ok(SUMMARY, { id })).organization.securitySummary).toMatchObject({
      members: 2,
      withTwoFactor: 1,
      inWindow: 1,
    });

    // The date comes: the gate blocks at once, before the sweeper has run.
    world.clock.set(new Date(Date.parse(date) + 1000));
    // (New sign-ins: two weeks idle ended the web sessions.)
    expect(await (await world.factory.client(org.member)).code(ORGANIZATION, { id })).toBe('TWO_FACTOR_REQUIRED');
    org.console = await world.factory.client(org.admin);
    const blocked = await world.factory.client(org.member, 'DESKTOP');
    expect((await blocked.ok(ACCESS)).viewer.access).toMatchObject({ blocked: true, blockingOrganizations: [{ id }], deadlines: [] });

    // Two sweeper rounds at once (as two instances would): the switch is recorded once.
    await Promise.all([world.app.rolloutSweeper.runOnce(), world.app.rolloutSweeper.runOnce()]);
    await world.app.rolloutSweeper.drain();
    const policy = (await org.console.ok(POLICY, { id })).organization.securityPolicy;
    expect(policy).toMatchObject({ twoFactorRequired: true, requiredFrom: null, changedBy: { userId: org.admin.id } });
    const enabled = (await auditActions(id)).filter((e) => e.action === 'REQUIREMENT_ENABLED');
    expect(enabled).toHaveLength(1);
    expect(enabled[0]).toMatchObject({ actor_user_id: org.admin.id, data: { scheduled: true, dueAt: date, by: 'rollout sweeper' } });
    const member = (await org.console.ok(MEMBER, { id, userId: org.member.id })).organization.member;
    expect(member).toMatchObject({ compliance: 'NON_COMPLIANT', deadline: null });
    expect(Date.parse(member.blockedSince)).toBeGreaterThanOrEqual(Date.parse(date));
  });

  it('can be moved and cancelled, each audited; requiring now drops the date', async () => {
    const org = await organizationWithMember();
    const id = org.organization.id;
    await org.console.ok(SCHEDULE, { input: { organizationId: id, requiredFrom: inDays(10), confirm: true } });
    await org.console.ok(SCHEDULE, { input: { organizationId: id, requiredFrom: inDays(20), confirm: true } });
    const cancelled = await org.console.ok(CANCEL, { input: { organizationId: id, confirm: true } });
    expect(cancelled.cancelScheduledTwoFactorRequirement.requiredFrom).toBeNull();
    await org.console.ok(SCHEDULE, { input: { organizationId: id, requiredFrom: inDays(5), confirm: true } });
    const now = await org.console.ok(REQUIRE, { input: { organizationId: id, required: true, confirm: true } });
    expect(now.setTwoFactorRequirement).toEqual({ twoFactorRequired: true, requiredFrom: null });
    expect(await org.console.code(SCHEDULE, { input: { organizationId: id, requiredFrom: inDays(5), confirm: true } })).toBe('CONFLICT');
    const actions = (await auditActions(id)).map((e) => e.action);
    expect(actions).toEqual([
      'REQUIREMENT_SCHEDULED',
      'REQUIREMENT_SCHEDULED',
      'REQUIREMENT_SCHEDULE_CANCELLED',
      'REQUIREMENT_SCHEDULED',
      'REQUIREMENT_ENABLED',
    ]);
    const moved = (await auditActions(id))[1]!;
    expect(moved.data).toMatchObject({ requiredFrom: inDays(20), previous: inDays(10) });
    // Nothing is left for the sweeper: the date was dropped when the requirement came early.
    world.clock.advance(6 * DAY_MS);
    await world.app.rolloutSweeper.drain();
    expect((await auditActions(id)).filter((e) => e.action === 'REQUIREMENT_ENABLED')).toHaveLength(1);
  });
});

describe('a plan whose author left', () => {
  it('still turns on at its date, recorded as their act and the sweeper’s', async () => {
    const org = await administered(world.factory, 'LEGAL_REPRESENTATIVE');
    const id = org.organization.id;
    const partner = await world.factory.user({ displayName: 'Pia Partner', twoFactor: true });
    await world.factory.member(id, partner.id, 'ADMINISTRATOR', 'EXTERNAL');
    const partnerWeb = await world.factory.client(partner);
    const date = inDays(2);
    await partnerWeb.ok(SCHEDULE, { input: { organizationId: id, requiredFrom: date, confirm: true } });
    await partnerWeb.ok(`mutation($input: OrganizationRefInput!) { leaveOrganization(input: $input) }`, { input: { organizationId: id } });
    world.clock.set(new Date(Date.parse(date) + 1000));
    await world.app.rolloutSweeper.drain();
    const enabled = (await auditActions(id)).filter((e) => e.action === 'REQUIREMENT_ENABLED');
    expect(enabled).toEqual([
      expect.objectContaining({ actor_user_id: partner.id, data: expect.objectContaining({ by: 'rollout sweeper', dueAt: date }) }),
    ]);
    const policy = (await (await world.factory.client(org.admin)).ok(POLICY, { id })).organization.securityPolicy;
    expect(policy).toMatchObject({ twoFactorRequired: true, changedBy: { userId: partner.id } });
  });
});

describe('a window for new members', () => {
  it('gives members who join while the requirement holds their own deadline, then blocks them', async () => {
    const org = await administered(world.factory, 'LEGAL_REPRESENTATIVE', { twoFactorRequired: true });
    const id = org.organization.id;
    expect(await org.console.code(WINDOW, { input: { organizationId: id, days: 91 } })).toBe('BAD_USER_INPUT');
    expect((await org.console.ok(WINDOW, { input: { organizationId: id, days: 10 } })).setNewMemberWindow.newMemberWindowDays).toBe(10);
    const { token } = await invite(world.smtp, org, { role: 'USER', kind: 'EXTERNAL' });
    const joined = await world.anonymous.request(ACCEPT, { input: { token, displayName: 'New Person', password: PASSWORD } });
    expect(joined.errors).toBeUndefined();
    const [row] = await world.factory.query(`select user_id, deadline_at from membership where organization_id = ? and role = 'USER'`, [
      id,
    ]);
    const deadline = new Date(world.clock.now().getTime() + 10 * DAY_MS).toISOString();
    expect(new Date(row!.deadline_at).toISOString()).toBe(deadline);
    const newcomer = await world.factory.client({ id: row!.user_id });
    expect((await newcomer.ok(ACCESS)).viewer.access).toEqual({
      blocked: false,
      blockingOrganizations: [],
      deadlines: [{ organization: { id }, deadline }],
    });

    expect(await newcomer.code(ORGANIZATION, { id })).toBeUndefined();
    world.clock.advance(10 * DAY_MS + 1000);
    expect(await (await world.factory.client({ id: row!.user_id })).code(ORGANIZATION, { id })).toBe('TWO_FACTOR_REQUIRED');
    // The refused request records its block in the background, holding the membership row for a
    // moment; the sweeper skips a locked row and takes it in a later round.
    await expect
      .poll(
        async () => {
          await world.app.rolloutSweeper.drain();
          return (await auditActions(id)).filter((e) => e.action === 'MEMBER_WINDOW_ENDED').length;
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    await world.app.rolloutSweeper.drain();
    expect((await auditActions(id)).filter((e) => e.action === 'MEMBER_WINDOW_ENDED')).toHaveLength(1);
  });
});

describe('exemptions', () => {
  it('keep a member unblocked by this organization until they expire, counted apart, and the expiry is recorded once', async () => {
    const org = await administered(world.factory, 'LEGAL_REPRESENTATIVE', { twoFactorRequired: true });
    const id = org.organization.id;
    const member = await world.factory.user();
    await world.factory.member(id, member.id, 'USER');
    const web = await world.factory.client(member);
    expect(await web.code(ORGANIZATION, { id })).toBe('TWO_FACTOR_REQUIRED');

    const expiresAt = inDays(3);
    const exempted = await org.console.ok(EXEMPT, { input: { organizationId: id, userId: member.id, reason: 'On leave', expiresAt } });
    expect(exempted.exemptMember).toMatchObject({
      compliance: 'EXEMPT',
      exemption: { reason: 'On leave', expiresAt, createdBy: { userId: org.admin.id } },
    });
    expect((await web.ok(ACCESS)).viewer.access).toMatchObject({ blocked: false, blockingOrganizations: [] });
    expect(await web.code(ORGANIZATION, { id })).toBeUndefined();
    expect((await org.console.ok(SUMMARY, { id })).organization.securitySummary).toEqual({
      members: 2,
      withTwoFactor: 1,
      exempt: 1,
      inWindow: 0,
      nonCompliant: 0,
      compliancePercent: 100,
    });
    const listed = (await org.console.ok(BY_COMPLIANCE, { id, c: 'EXEMPT' })).organization.members;
    expect(listed.totalCount).toBe(1);
    expect(listed.edges[0].node).toEqual({ id: member.id, compliance: 'EXEMPT' });

    world.clock.advance(3 * DAY_MS + 1000);
    expect(await (await world.factory.client(member)).code(ORGANIZATION, { id })).toBe('TWO_FACTOR_REQUIRED');
    org.console = await world.factory.client(org.admin);
    await Promise.all([world.app.rolloutSweeper.runOnce(), world.app.rolloutSweeper.runOnce()]);
    expect((await auditActions(id)).filter((e) => e.action === 'EXEMPTION_EXPIRED')).toHaveLength(1);
    expect((await org.console.ok(MEMBER, { id, userId: member.id })).organization.member).toMatchObject({
      compliance: 'NON_COMPLIANT',
      exemption: null,
    });
  });

  it('refuse bad input and people who may not exempt, changing nothing; revoking ends one early', async () => {
    const org = await administered(world.factory, 'ADMINISTRATOR', { twoFactorRequired: true });
    const id = org.organization.id;
    const member = await world.factory.user();
    await world.factory.member(id, member.id, 'USER');
    const peer = await world.factory.user({ twoFactor: true });
    await world.factory.member(id, peer.id, 'ADMINISTRATOR');
    const input = { organizationId: id, userId: member.id, reason: 'Travelling', expiresAt: inDays(7) };
    expect(await org.console.code(EXEMPT, { input: { ...input, reason: '  ' } })).toBe('BAD_USER_INPUT');
    expect(await org.console.code(EXEMPT, { input: { ...input, reason: 'x'.repeat(501) } })).toBe('BAD_USER_INPUT');
    expect(await org.console.code(EXEMPT, { input: { ...input, expiresAt: inDays(367) } })).toBe('BAD_USER_INPUT');
    expect(await org.console.code(EXEMPT, { input: { ...input, expiresAt: inDays(-1) } })).toBe('BAD_USER_INPUT');
    expect(await org.console.code(EXEMPT, { input: { ...input, userId: org.admin.id } })).toBe('FORBIDDEN');
    // An administrator does not exempt another administrator: that takes a legal representative.
    expect(await org.console.code(EXEMPT, { input: { ...input, userId: peer.id } })).toBe('FORBIDDEN');
    // Someone of another organization is not found here.
    const stranger = await world.factory.user();
    expect(await org.console.code(EXEMPT, { input: { ...input, userId: stranger.id } })).toBe('NOT_FOUND');
    // A USER may not exempt anyone.
    const memberWeb = await world.factory.client(member);
    expect(await memberWeb.code(EXEMPT, { input })).toBe('TWO_FACTOR_REQUIRED');
    expect(await world.factory.query(`select 1 from exemption where organization_id = ?`, [id])).toHaveLength(0);

    // A policy:write token exempts a USER, not an administrator.
    const { token } = await createToken(org, { scopes: ['POLICY_WRITE'] });
    const script = integration(world.server, token);
    expect(await script.code(EXEMPT, { input: { ...input, userId: peer.id } })).toBe('FORBIDDEN');
    expect((await script.ok(EXEMPT, { input })).exemptMember.compliance).toBe('EXEMPT');

    const revoked = await org.console.ok(REVOKE, { input: { organizationId: id, userId: member.id } });
    expect(revoked.revokeExemption).toMatchObject({ compliance: 'NON_COMPLIANT', exemption: null });
    expect(await org.console.code(REVOKE, { input: { organizationId: id, userId: member.id } })).toBe('NOT_FOUND');
    const actions = (await auditActions(id)).map((e) => e.action).filter((a) => a.startsWith('EXEMPTION'));
    expect(actions).toEqual(['EXEMPTION_CREATED', 'EXEMPTION_REVOKED']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { type TestUser } from '../support/factory.js';
import { type GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';

/**
 * The founding document, end to end through the API, with the SMTP sink receiving the mails:
 * identify, warn, require, block, set up, continue; the apps keep working; externals may leave;
 * compliance stays.
 */
const world = useTestServer();
let org: { id: string; name: string };
let legal: TestUser;
let admin: TestUser;
let plainUser: TestUser;
let member: TestUser;
let external: TestUser;
let compliant: TestUser;

const MEMBERS = `query($id: ID!, $filter: MemberFilter) { organization(id: $id) { members(first: 50, filter: $filter) {
  totalCount edges { node { id email displayName role kind twoFactorEnabled lastAlertedAt nextAlertAllowedAt } } } } }`;
const SEND_ALERT = `mutation($input: SendAlertInput!) { sendAlert(input: $input) { id state userId requestedBy { name } } }`;
const REQUIRE = `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired changedAt changedBy { name } } }`;
const CHANGE_PASSWORD = `mutation { changePassword(input: { currentPassword: "x", newPassword: "y" }) }`;
const WEB_QUERY = `query($id: ID!) { organization(id: $id) { name } }`;

beforeAll(async () => {
  org = await world.factory.organization('Acme Story Corp');
  legal = await world.factory.user({ displayName: 'Lea Legal', twoFactor: true });
  admin = await world.factory.user({ displayName: 'Alex Admin', twoFactor: true });
  plainUser = await world.factory.user({ displayName: 'Uma User', twoFactor: true });
  member = await world.factory.user({ displayName: 'Sam Noauth' });
  external = await world.factory.user({ displayName: 'Erin External' });
  compliant = await world.factory.user({ displayName: 'Cora Compliant', twoFactor: true });
  await world.factory.member(org.id, legal.id, 'LEGAL_REPRESENTATIVE');
  await world.factory.member(org.id, admin.id, 'ADMINISTRATOR');
  await world.factory.member(org.id, plainUser.id, 'USER');
  await world.factory.member(org.id, member.id, 'USER');
  await world.factory.member(org.id, external.id, 'USER', 'EXTERNAL');
  await world.factory.member(org.id, compliant.id, 'USER');
});

describe('the founding document’s story', () => {
  let adminApi: GraphQLClient;
  let memberWeb: GraphQLClient;
  let memberDesktop: GraphQLClient;
  let externalWeb: GraphQLClient;

  it('an administrator lists the members and finds those without 2FA', async () => {
    adminApi = await world.factory.client(admin);
    const all = await adminApi.ok(MEMBERS, { id: org.id });
    expect(all.organization.members.totalCount).toBe(6);
    const without = await adminApi.ok(MEMBERS, { id: org.id, filter: { twoFactor: 'DISABLED' } });
    expect(without.organization.members.totalCount).toBe(2);
    expect(without.organization.members.edges.map((e: any) => e.node.email).sort()).toEqual([member.email, external.email].sort());
  });

  it('sends one of them an alert, and the mail arrives from the no-reply address', async () => {
    const { sendAlert } = await adminApi.ok(SEND_ALERT, { input: { organizationId: org.id, userId: member.id, confirm: true } });
    expect(sendAlert).toMatchObject({ state: 'QUEUED', userId: member.id, requestedBy: { name: 'Alex Admin' } });
    const mail = await world.smtp.waitFor((m) => m.to.includes(member.email.toLowerCase()));
    expect(mail.from).toBe('no-reply@twostep.localhost');
    expect(mail.subject).toBe('Acme Story Corp asks you to enable two-step verification');
    expect(mail.text).toContain('Alex Admin of Acme Story Corp');
    expect(mail.text).toContain(`/account/two-factor?organization=${org.id}`);
    expect(mail.raw).toMatch(/Content-Type: text\/html/);
    const listed = await adminApi.ok(MEMBERS, { id: org.id, filter: { search: 'noauth' } });
    expect(listed.organization.members.edges[0].node.lastAlertedAt).not.toBeNull();
    expect(new Date(listed.organization.members.edges[0].node.nextAlertAllowedAt).getTime()).toBe(
      world.clock.now().getTime() + 24 * 3600_000,
    );
  });

  it('a USER tries to switch the requirement and is refused', async () => {
    const userApi = await world.factory.client(plainUser);
    expect(await userApi.code(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } })).toBe('FORBIDDEN');
  });

  it('the member has sessions open before the switch: web and desktop', async () => {
    memberWeb = await world.factory.client(member);
    memberDesktop = await world.factory.client(member, 'DESKTOP');
    externalWeb = await world.factory.client(external);
    expect((await memberWeb.ok(WEB_QUERY, { id: org.id })).organization.name).toBe(org.name);
  });

  it('the legal representative switches it on (confirmation required, audited)', async () => {
    const legalApi = await world.factory.client(legal);
    expect(await legalApi.code(REQUIRE, { input: { organizationId: org.id, required: true, confirm: false } })).toBe(
      'CONFIRMATION_REQUIRED',
    );
    const { setTwoFactorRequirement } = await legalApi.ok(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } });
    expect(setTwoFactorRequirement).toMatchObject({ twoFactorRequired: true, changedBy: { name: 'Lea Legal' } });
    const log = await legalApi.ok(
      `query($id: ID!) { organization(id: $id) { auditLog(first: 5, filter: { actions: [REQUIREMENT_ENABLED] }) { edges { node { action actor { name } at } } } } }`,
      { id: org.id },
    );
    expect(log.organization.auditLog.edges).toHaveLength(1);
    expect(log.organization.auditLog.edges[0].node.actor.name).toBe('Lea Legal');
  });

  it('the member’s already-open web session is refused at the next request, naming the organization', async () => {
    const refused = await memberWeb.request(WEB_QUERY, { id: org.id });
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'TWO_FACTOR_REQUIRED', organizations: [{ id: org.id, name: org.name }] });
    expect(refused.data ?? null).toBeNull();
    expect(await memberWeb.code(CHANGE_PASSWORD)).toBe('TWO_FACTOR_REQUIRED');
    const viewer = await memberWeb.ok(
      `{ viewer { access { blocked requiringOrganizations { id name } } memberships { organization { name twoFactorRequired twoFactorRequiredSince } } } }`,
    );
    expect(viewer.viewer.access.blocked).toBe(true);
    expect(viewer.viewer.memberships[0].organization.twoFactorRequiredSince).not.toBeNull();
    // The block is audited once per episode, however many requests it refuses.
    await expect
      .poll(
        async () =>
          (
            await adminApi.ok(
              `query($id: ID!) { organization(id: $id) { auditLog(first: 10, filter: { actions: [MEMBER_BLOCKED] }) { edges { node { target { userId } } } } } }`,
              { id: org.id },
            )
          ).organization.auditLog.edges,
      )
      .toEqual([{ node: { target: { userId: member.id } } }]);
  });

  it('the desktop token keeps working throughout, and never reaches the web surface', async () => {
    expect((await memberDesktop.ok(`{ viewer { id access { blocked } } }`)).viewer.id).toBe(member.id);
    expect(await memberDesktop.code(WEB_QUERY, { id: org.id })).toBe('SURFACE_NOT_ALLOWED');
    expect(await memberDesktop.code(`mutation { startTotpEnrollment { secret } }`)).toBe('SURFACE_NOT_ALLOWED');
  });

  it('the member sets up TOTP and continues where they were', async () => {
    const { startTotpEnrollment } = await memberWeb.ok(`mutation { startTotpEnrollment { secret } }`);
    const { confirmTotpEnrollment } = await memberWeb.ok(
      `mutation($input: ConfirmTotpInput!) { confirmTotpEnrollment(input: $input) { codes } }`,
      {
        input: { code: totpAt(startTotpEnrollment.secret, world.clock.now()) },
      },
    );
    expect(confirmTotpEnrollment.codes).toHaveLength(10);
    expect((await memberWeb.ok(WEB_QUERY, { id: org.id })).organization.name).toBe(org.name);
    expect((await memberDesktop.ok(`{ viewer { twoFactorEnabled } }`)).viewer.twoFactorEnabled).toBe(true);
    // "Member unblocked" follows "Member blocked" in the log (issue 14).
    const unblocked = await adminApi.ok(
      `query($id: ID!) { organization(id: $id) { auditLog(first: 10, filter: { actions: [MEMBER_UNBLOCKED] }) { edges { node { target { userId } } } } } }`,
      { id: org.id },
    );
    expect(unblocked.organization.auditLog.edges).toEqual([{ node: { target: { userId: member.id } } }]);
  });

  it('an EXTERNAL member leaves instead, and the block is lifted', async () => {
    expect(await externalWeb.code(WEB_QUERY, { id: org.id })).toBe('TWO_FACTOR_REQUIRED');
    await externalWeb.ok(`mutation($input: OrganizationRefInput!) { leaveOrganization(input: $input) }`, {
      input: { organizationId: org.id },
    });
    const viewer = await externalWeb.ok(`{ viewer { access { blocked } memberships { organization { id } } } }`);
    expect(viewer.viewer).toEqual({ access: { blocked: false }, memberships: [] });
    expect(await externalWeb.code(CHANGE_PASSWORD)).toBe('PROOF_REQUIRED'); // reaches the web surface again
    const left = await adminApi.ok(
      `query($id: ID!) { organization(id: $id) { auditLog(first: 1, filter: { actions: [MEMBER_LEFT] }) { edges { node { target { name } } } } } }`,
      { id: org.id },
    );
    expect(left.organization.auditLog.edges[0].node.target.name).toBe('Erin External');
  });

  it('an INTERNAL member cannot leave', async () => {
    const compliantWeb = await world.factory.client(compliant);
    expect(
      await compliantWeb.code(`mutation($input: OrganizationRefInput!) { leaveOrganization(input: $input) }`, {
        input: { organizationId: org.id },
      }),
    ).toBe('MEMBERSHIP_KIND');
  });

  it('a compliant member cannot remove their last method while the organization requires 2FA', async () => {
    const compliantWeb = await world.factory.client(compliant);
    const result = await compliantWeb.request(`mutation($input: ProofOnlyInput!) { removeTotp(input: $input) }`, {
      input: { proof: { password: compliant.password } },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('LAST_METHOD_REQUIRED');
    expect((await compliantWeb.ok(`{ viewer { twoFactorEnabled } }`)).viewer.twoFactorEnabled).toBe(true);
  });

  it('the summary shows the live share of compliant members', async () => {
    const summary = await adminApi.ok(
      `query($id: ID!) { organization(id: $id) { securitySummary { members withTwoFactor withoutTwoFactor compliancePercent byKind { key members } } } }`,
      { id: org.id },
    );
    expect(summary.organization.securitySummary).toMatchObject({
      members: 5,
      withTwoFactor: 5,
      withoutTwoFactor: 0,
      compliancePercent: 100,
    });
  });

  it('an administrator resets a member’s lost device: audited, sessions end, e-mail, blocked again', async () => {
    const resetWeb = await world.factory.client(member);
    const RESET = `mutation($input: ResetMemberInput!) { resetMemberSecondFactors(input: $input) { id twoFactorEnabled } }`;
    expect(
      await adminApi.code(RESET, { input: { organizationId: org.id, userId: member.id, proof: { password: 'wrong' }, confirm: true } }),
    ).toBe('PROOF_REQUIRED');
    const { resetMemberSecondFactors } = await adminApi.ok(RESET, {
      input: { organizationId: org.id, userId: member.id, proof: { password: admin.password }, confirm: true },
    });
    expect(resetMemberSecondFactors.twoFactorEnabled).toBe(false);
    expect(await resetWeb.code(`{ viewer { id } }`)).toBe('UNAUTHENTICATED');
    await world.smtp.waitFor((m) => m.to.includes(member.email.toLowerCase()) && /reset/i.test(m.subject));
    const fresh = await world.factory.client(member);
    expect(await fresh.code(WEB_QUERY, { id: org.id })).toBe('TWO_FACTOR_REQUIRED');
  });
});

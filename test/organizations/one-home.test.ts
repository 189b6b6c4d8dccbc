import { beforeAll, describe, expect, it } from 'vitest';
import { LiveClient, MEMBER_CHANGED, subscribed } from '../live/live-client.js';
import { ACCEPT, administered, auditRows, INVITE, invitationToken, invite, REVOKE, type Administered } from '../invitations/invitations.js';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';

/**
 * One home (issue 12, defect 1): an account is INTERNAL to at most one organization, and only that
 * organization resets its second factors. The probe: the legal representative of a new
 * organization "Evil", without 2FA, invited an administrator of Acme as INTERNAL, she accepted,
 * and Evil reset her TOTP with his own password; Acme's audit log showed nothing.
 */
const RESET = `mutation($input: ResetMemberInput!) { resetMemberSecondFactors(input: $input) { id twoFactorEnabled } }`;
const STATUS = `query { viewer { twoFactorEnabled } }`;

const world = useTestServer();
let acme: Administered;

beforeAll(async () => {
  acme = await administered(world.factory, 'LEGAL_REPRESENTATIVE', { twoFactorRequired: true });
});

/** An administrator of Acme, whose home Acme is. */
async function acmeAdministrator(): Promise<TestUser> {
  const her = await world.factory.user({ displayName: 'Ada Acme', twoFactor: true });
  await world.factory.member(acme.organization.id, her.id, 'ADMINISTRATOR', 'INTERNAL');
  return her;
}

/** A new organization whose legal representative has no 2FA, as `create-organization` leaves it. */
async function evil(): Promise<Administered> {
  const organization = await world.factory.organization();
  const lead = await world.factory.user({ displayName: 'Evan Evil' });
  await world.factory.member(organization.id, lead.id, 'LEGAL_REPRESENTATIVE', 'INTERNAL');
  return { organization, admin: lead, console: await world.factory.client(lead) };
}

describe('an account has one home', () => {
  it('refuses to accept an INTERNAL invitation with an account that is INTERNAL elsewhere, and names no organization', async () => {
    const her = await acmeAdministrator();
    const evilOrg = await evil();
    const { token } = await invite(world.smtp, evilOrg, { email: her.email, role: 'USER', kind: 'INTERNAL' });
    const herConsole = await world.factory.client(her);
    const refused = await herConsole.request(ACCEPT, { input: { token } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('MEMBERSHIP_KIND');
    expect(JSON.stringify(refused)).not.toContain(acme.organization.name);
    expect(JSON.stringify(refused)).not.toContain(acme.organization.id);
    const joined = await world.factory.query(`select 1 from membership where organization_id = ? and user_id = ?`, [
      evilOrg.organization.id,
      her.id,
    ]);
    expect(joined).toHaveLength(0);
    // The inviter may invite again as EXTERNAL (revoking the first invitation).
    const [open] = await world.factory.query(`select id from invitation where organization_id = ?`, [evilOrg.organization.id]);
    await evilOrg.console.ok(REVOKE, { input: { id: open!.id } });
    await evilOrg.console.ok(INVITE, {
      input: { organizationId: evilOrg.organization.id, email: her.email, role: 'USER', kind: 'EXTERNAL' },
    });
    const again = await invitationToken(world.smtp, her.email, 2);
    const accepted = await herConsole.ok(ACCEPT, { input: { token: again } });
    expect(accepted.acceptInvitation).toMatchObject({ kind: 'EXTERNAL' });
  });

  it('a unique index holds the rule for every writer', async () => {
    const her = await acmeAdministrator();
    const other = await world.factory.organization();
    await expect(world.factory.member(other.id, her.id, 'USER', 'INTERNAL')).rejects.toThrow(/membership_one_home/);
  });
});

describe('resetting a member’s second factors', () => {
  it('an organization that is not her home cannot reset her, with or without the actor’s own 2FA', async () => {
    const her = await acmeAdministrator();
    const evilOrg = await evil();
    const { token } = await invite(world.smtp, evilOrg, { email: her.email, role: 'ADMINISTRATOR', kind: 'EXTERNAL' });
    await (await world.factory.client(her)).ok(ACCEPT, { input: { token } });
    const input = { organizationId: evilOrg.organization.id, userId: her.id, confirm: true, proof: { password: evilOrg.admin.password } };
    // Without 2FA of his own the actor is refused before anything is checked.
    expect(await evilOrg.console.code(RESET, { input })).toBe('ACTOR_TWO_FACTOR_REQUIRED');
    // With it, she is EXTERNAL there: still refused.
    await world.factory.query(`update "user" set two_factor_enabled = true where id = ?`, [evilOrg.admin.id]);
    const withTwoFactor = await world.factory.client(evilOrg.admin);
    expect(await withTwoFactor.code(RESET, { input })).toBe('MEMBERSHIP_KIND');
    expect((await (await world.factory.client(her)).ok(STATUS)).viewer.twoFactorEnabled).toBe(true);
    const audited = await auditRows(world.factory, acme.organization.id, ['SECOND_FACTORS_RESET']);
    expect(audited.filter((row) => row.target_user_id === her.id)).toHaveLength(0);
  });

  it('the home organization resets her: audited in every organization of hers, naming the home there, each told live', async () => {
    const member = await world.factory.user({ displayName: 'Milo Member', twoFactor: true });
    await world.factory.member(acme.organization.id, member.id, 'USER', 'INTERNAL');
    const away = await administered(world.factory, 'ADMINISTRATOR');
    await world.factory.member(away.organization.id, member.id, 'USER', 'EXTERNAL');
    const watcher = new LiveClient(world.url, {
      cookie: `twostep_session=${await world.factory.sessionToken(away.admin.id)}`,
      origin: world.url,
    });
    const watch = watcher.subscribe(MEMBER_CHANGED, { id: away.organization.id });
    await subscribed(world.app, away.admin.id);
    try {
      const proof = { code: totpAt(acme.admin.totpSecret!, world.clock.now()) };
      const { resetMemberSecondFactors } = await acme.console.ok(RESET, {
        input: { organizationId: acme.organization.id, userId: member.id, confirm: true, proof },
      });
      expect(resetMemberSecondFactors.twoFactorEnabled).toBe(false);
      const [home] = await auditRows(world.factory, acme.organization.id, ['SECOND_FACTORS_RESET']);
      expect(home).toMatchObject({ actor_user_id: acme.admin.id, target_user_id: member.id });
      const [elsewhere] = await auditRows(world.factory, away.organization.id, ['SECOND_FACTORS_RESET']);
      expect(elsewhere).toMatchObject({ actor_user_id: null, actor_token_id: null, target_user_id: member.id });
      expect(elsewhere!.data).toEqual({ homeOrganizationId: acme.organization.id, homeOrganizationName: acme.organization.name });
      await watch.until(() => watch.results.some((r) => r.data?.memberSecurityChanged?.change === 'RESET'), 'the reset event');
    } finally {
      await watcher.dispose();
    }
  });
});

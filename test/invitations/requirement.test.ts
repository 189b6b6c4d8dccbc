import { describe, expect, it } from 'vitest';
import { GraphQLClient, sessionCookieFrom } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';
import { ACCEPT, administered, auditRows, invite, PREVIEW } from './invitations.js';

const PASSWORD = 'a long enough new password';
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
const ACCESS = `{ viewer { twoFactorEnabled access { blocked requiringOrganizations { id name } } } }`;
const START = `mutation { startTotpEnrollment { secret } }`;
const CONFIRM = `mutation($input: ConfirmTotpInput!) { confirmTotpEnrollment(input: $input) { codes } }`;

const world = useTestServer();

describe('joining an organization that requires 2FA', () => {
  it('blocks a newcomer on the web surface until they set up TOTP, then lets them continue', async () => {
    const team = await administered(world.factory, 'LEGAL_REPRESENTATIVE', { twoFactorRequired: true });
    const { token } = await invite(world.smtp, team, { kind: 'EXTERNAL' });
    expect((await world.anonymous.ok(PREVIEW, { token })).invitationPreview.twoFactorRequired).toBe(true);

    const accepted = await world.anonymous.request(ACCEPT, { input: { token, displayName: 'Newcomer', password: PASSWORD } });
    expect(accepted.data?.acceptInvitation).toMatchObject({ accountCreated: true, twoFactorRequired: true, twoFactorSetupRequired: true });
    const newcomer = new GraphQLClient(world.url, { cookie: sessionCookieFrom(accepted.setCookie) });

    const change = { input: { currentPassword: PASSWORD, newPassword: 'another long password' } };
    const blocked = await newcomer.request(CHANGE_PASSWORD, change);
    expect(blocked.errors?.[0]?.extensions).toEqual({
      code: 'TWO_FACTOR_REQUIRED',
      organizations: [{ id: team.organization.id, name: team.organization.name }],
    });
    expect((await newcomer.ok(ACCESS)).viewer.access).toEqual({
      blocked: true,
      requiringOrganizations: [{ id: team.organization.id, name: team.organization.name }],
    });

    const { startTotpEnrollment } = await newcomer.ok(START);
    await newcomer.ok(CONFIRM, { input: { code: totpAt(startTotpEnrollment.secret, world.clock.now()) } });
    expect((await newcomer.ok(ACCESS)).viewer).toMatchObject({ twoFactorEnabled: true, access: { blocked: false } });
    expect((await newcomer.ok(CHANGE_PASSWORD, change)).changePassword).toBe(true);
    expect((await auditRows(world.factory, team.organization.id, ['MEMBER_JOINED', 'TWO_FACTOR_ENABLED'])).map((r) => r.action)).toEqual([
      'MEMBER_JOINED',
      'TWO_FACTOR_ENABLED',
    ]);
  });

  it('blocks an existing account without 2FA from its next request on, in every organization', async () => {
    const team = await administered(world.factory, 'ADMINISTRATOR', { twoFactorRequired: true });
    const elsewhere = await world.factory.organization();
    const person = await world.factory.user();
    await world.factory.member(elsewhere.id, person.id, 'ADMINISTRATOR');
    // The account is INTERNAL to `elsewhere`, its home: it joins the team as an external member.
    const { token } = await invite(world.smtp, team, { email: person.email, kind: 'EXTERNAL' });
    const signedIn = await world.factory.client(person);
    expect((await signedIn.ok(ACCESS)).viewer.access.blocked).toBe(false);

    const { acceptInvitation } = await signedIn.ok(ACCEPT, { input: { token } });
    expect(acceptInvitation).toMatchObject({ accountCreated: false, twoFactorRequired: true, twoFactorSetupRequired: true });
    expect(
      await signedIn.code(CHANGE_PASSWORD, { input: { currentPassword: person.password, newPassword: 'another long password' } }),
    ).toBe('TWO_FACTOR_REQUIRED');
    expect(await signedIn.code(`query($id: ID!) { organization(id: $id) { name } }`, { id: elsewhere.id })).toBe('TWO_FACTOR_REQUIRED');
  });

  it('lets a member who already has 2FA straight in', async () => {
    const team = await administered(world.factory, 'ADMINISTRATOR', { twoFactorRequired: true });
    const person = await world.factory.user({ twoFactor: true });
    const { token } = await invite(world.smtp, team, { email: person.email });
    const signedIn = await world.factory.client(person);
    const { acceptInvitation } = await signedIn.ok(ACCEPT, { input: { token } });
    expect(acceptInvitation).toMatchObject({ twoFactorRequired: true, twoFactorSetupRequired: false });
    expect((await signedIn.ok(`query($id: ID!) { organization(id: $id) { name } }`, { id: team.organization.id })).organization.name).toBe(
      team.organization.name,
    );
  });
});

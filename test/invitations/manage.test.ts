import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';
import {
  ACCEPT,
  administered,
  auditRows,
  DAY_MS,
  invitationToken,
  invite,
  INVITE,
  LIST,
  newAddress,
  PREVIEW,
  RESEND,
  REVOKE,
} from './invitations.js';

const PASSWORD = 'a long enough new password';

const world = useTestServer();

const inviteInput = (organizationId: string, role: string, email = newAddress()) => ({
  input: { organizationId, email, role, kind: 'INTERNAL' },
});

describe('who may manage invitations', () => {
  it('a legal representative invites every role; an administrator every role but legal representative', async () => {
    const lr = await administered(world.factory, 'LEGAL_REPRESENTATIVE');
    for (const role of ['LEGAL_REPRESENTATIVE', 'ADMINISTRATOR', 'USER']) {
      expect((await lr.console.ok(INVITE, inviteInput(lr.organization.id, role))).inviteMember.role).toBe(role);
    }
    const admin = await administered(world.factory, 'ADMINISTRATOR');
    for (const role of ['ADMINISTRATOR', 'USER']) {
      expect((await admin.console.ok(INVITE, inviteInput(admin.organization.id, role))).inviteMember.role).toBe(role);
    }
    expect(await admin.console.code(INVITE, inviteInput(admin.organization.id, 'LEGAL_REPRESENTATIVE'))).toBe('FORBIDDEN');
    expect(await auditRows(world.factory, admin.organization.id, ['INVITATION_CREATED'])).toHaveLength(2);
  });

  it('an administrator may neither resend nor revoke a legal representative’s invitation; a legal representative may', async () => {
    const lr = await administered(world.factory, 'LEGAL_REPRESENTATIVE');
    const admin = await world.factory.user({ twoFactor: true });
    await world.factory.member(lr.organization.id, admin.id, 'ADMINISTRATOR');
    const adminConsole = await world.factory.client(admin);
    const { invitation } = await invite(world.smtp, lr, { role: 'LEGAL_REPRESENTATIVE' });
    expect(await adminConsole.code(RESEND, { input: { id: invitation.id } })).toBe('FORBIDDEN');
    expect(await adminConsole.code(REVOKE, { input: { id: invitation.id } })).toBe('FORBIDDEN');
    const { invitations } = await adminConsole.ok(LIST, { id: lr.organization.id });
    expect(invitations.map((i: any) => i.id)).toEqual([invitation.id]);
    expect((await lr.console.ok(REVOKE, { input: { id: invitation.id } })).revokeInvitation.state).toBe('REVOKED');
  });

  it('a USER may not invite or see invitations; a non-member learns nothing; world.anonymous and app tokens are refused', async () => {
    const team = await administered(world.factory, 'ADMINISTRATOR');
    const { invitation } = await invite(world.smtp, team);
    const user = await world.factory.user();
    await world.factory.member(team.organization.id, user.id, 'USER');
    const userConsole = await world.factory.client(user);
    expect(await userConsole.code(INVITE, inviteInput(team.organization.id, 'USER'))).toBe('FORBIDDEN');
    expect(await userConsole.code(LIST, { id: team.organization.id })).toBe('FORBIDDEN');
    expect(await userConsole.code(RESEND, { input: { id: invitation.id } })).toBe('FORBIDDEN');
    expect(await userConsole.code(REVOKE, { input: { id: invitation.id } })).toBe('FORBIDDEN');

    const outsider = await world.factory.client(await world.factory.user({ twoFactor: true }));
    expect(await outsider.code(INVITE, inviteInput(team.organization.id, 'USER'))).toBe('NOT_FOUND');
    expect(await outsider.code(LIST, { id: team.organization.id })).toBe('NOT_FOUND');
    expect(await outsider.code(RESEND, { input: { id: invitation.id } })).toBe('NOT_FOUND');
    expect(await outsider.code(REVOKE, { input: { id: invitation.id } })).toBe('NOT_FOUND');

    expect(await world.anonymous.code(INVITE, inviteInput(team.organization.id, 'USER'))).toBe('UNAUTHENTICATED');
    const desktop = await world.factory.client(team.admin, 'DESKTOP');
    expect(await desktop.code(INVITE, inviteInput(team.organization.id, 'USER'))).toBe('SURFACE_NOT_ALLOWED');
    expect(await desktop.code(LIST, { id: team.organization.id })).toBe('SURFACE_NOT_ALLOWED');

    expect(await world.factory.query(`select 1 from invitation where organization_id = ?`, [team.organization.id])).toHaveLength(1);
    expect(await auditRows(world.factory, team.organization.id, ['INVITATION_RESENT', 'INVITATION_REVOKED'])).toHaveLength(0);
  });

  it('refuses malformed and unknown invitation ids', async () => {
    const team = await administered(world.factory);
    expect(await team.console.code(RESEND, { input: { id: 'nope' } })).toBe('BAD_USER_INPUT');
    expect(await team.console.code(REVOKE, { input: { id: '00000000-0000-4000-8000-000000000000' } })).toBe('NOT_FOUND');
  });
});

describe('the life of an invitation', () => {
  it('expires after seven days: the link stops working, the list says EXPIRED, and a resend revives it', async () => {
    const team = await administered(world.factory);
    const { invitation, token, email } = await invite(world.smtp, team);
    world.clock.advance(7 * DAY_MS - 1000);
    expect((await world.anonymous.ok(PREVIEW, { token })).invitationPreview.email).toBe(email);
    world.clock.advance(1000);
    expect(await world.anonymous.code(PREVIEW, { token })).toBe('TOKEN_INVALID');
    expect(await world.anonymous.code(ACCEPT, { input: { token, displayName: 'Late', password: PASSWORD } })).toBe('TOKEN_INVALID');
    team.console = await world.factory.client(team.admin); // a week is past any web session's idle limit
    const expired = (await team.console.ok(LIST, { id: team.organization.id, state: 'EXPIRED' })).invitations;
    expect(expired.map((i: any) => [i.id, i.state])).toEqual([[invitation.id, 'EXPIRED']]);
    expect((await team.console.ok(LIST, { id: team.organization.id, state: 'PENDING' })).invitations).toEqual([]);

    const again = await team.console.request(INVITE, inviteInput(team.organization.id, 'USER', email));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', invitationId: invitation.id });

    const { resendInvitation } = await team.console.ok(RESEND, { input: { id: invitation.id } });
    expect(resendInvitation.state).toBe('PENDING');
    expect(new Date(resendInvitation.expiresAt).getTime()).toBe(world.clock.now().getTime() + 7 * DAY_MS);
    expect(resendInvitation.lastSentAt).toBe(world.clock.now().toISOString());
    expect(resendInvitation.createdAt).toBe(invitation.createdAt);
    const fresh = await invitationToken(world.smtp, email, 2);
    expect(fresh).not.toBe(token);
    expect(await world.anonymous.code(PREVIEW, { token })).toBe('TOKEN_INVALID');
    await world.anonymous.ok(ACCEPT, { input: { token: fresh, displayName: 'Finally', password: PASSWORD } });
  });

  it('resend gives a new link and the old one stops working at once', async () => {
    const team = await administered(world.factory);
    const { invitation, token, email } = await invite(world.smtp, team);
    world.clock.advance(60_000);
    await team.console.ok(RESEND, { input: { id: invitation.id } });
    const fresh = await invitationToken(world.smtp, email, 2);
    expect(fresh).not.toBe(token);
    expect(await world.anonymous.code(PREVIEW, { token })).toBe('TOKEN_INVALID');
    expect(await world.anonymous.code(ACCEPT, { input: { token, displayName: 'Old Link', password: PASSWORD } })).toBe('TOKEN_INVALID');
    expect((await world.anonymous.ok(PREVIEW, { token: fresh })).invitationPreview.email).toBe(email);
    expect(await auditRows(world.factory, team.organization.id, ['INVITATION_RESENT'])).toEqual([
      {
        action: 'INVITATION_RESENT',
        actor_user_id: team.admin.id,
        actor_token_id: null,
        target_user_id: null,
        data: { invitationId: invitation.id, email, role: 'USER', kind: 'INTERNAL' },
      },
    ]);
  });

  it('revoke ends the link; a revoked or accepted invitation cannot be resent or revoked; the address can be invited anew', async () => {
    const team = await administered(world.factory);
    const { invitation, token, email } = await invite(world.smtp, team);
    const { revokeInvitation } = await team.console.ok(REVOKE, { input: { id: invitation.id } });
    expect(revokeInvitation).toMatchObject({ id: invitation.id, state: 'REVOKED', revokedAt: world.clock.now().toISOString() });
    expect(await world.anonymous.code(PREVIEW, { token })).toBe('TOKEN_INVALID');
    expect(await world.anonymous.code(ACCEPT, { input: { token, displayName: 'Too Late', password: PASSWORD } })).toBe('TOKEN_INVALID');
    expect(await team.console.code(REVOKE, { input: { id: invitation.id } })).toBe('CONFLICT');
    expect(await team.console.code(RESEND, { input: { id: invitation.id } })).toBe('CONFLICT');
    expect(await auditRows(world.factory, team.organization.id, ['INVITATION_REVOKED'])).toHaveLength(1);

    world.clock.advance(1000);
    const second = await team.console.ok(INVITE, inviteInput(team.organization.id, 'USER', email));
    const token2 = await invitationToken(world.smtp, email, 2);
    await world.anonymous.ok(ACCEPT, { input: { token: token2, displayName: 'Second Try', password: PASSWORD } });
    expect(await team.console.code(RESEND, { input: { id: second.inviteMember.id } })).toBe('CONFLICT');
    expect(await team.console.code(REVOKE, { input: { id: second.inviteMember.id } })).toBe('CONFLICT');

    const all = (await team.console.ok(LIST, { id: team.organization.id })).invitations;
    expect(all.map((i: any) => [i.id, i.state])).toEqual([
      [second.inviteMember.id, 'ACCEPTED'],
      [invitation.id, 'REVOKED'],
    ]);
    const accepted = (await team.console.ok(LIST, { id: team.organization.id, state: 'ACCEPTED' })).invitations;
    expect(accepted).toHaveLength(1);
    expect(accepted[0].acceptedAt).toBe(world.clock.now().toISOString());
  });
});

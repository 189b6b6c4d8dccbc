import { describe, expect, it } from 'vitest';
import { createToken, integration } from '../integration-tokens/tokens.js';
import { useTestServer } from '../support/use-test-server.js';
import { administered, auditRows, invite, INVITE, LIST, newAddress, RESEND, REVOKE } from './invitations.js';

const world = useTestServer();

describe('integration tokens and invitations', () => {
  it('never reach them, whatever their scopes', async () => {
    const team = await administered(world.factory, 'LEGAL_REPRESENTATIVE');
    const { invitation } = await invite(world.smtp, team);
    const { token } = await createToken(team, { scopes: ['MEMBERS_READ', 'AUDIT_READ', 'ALERTS_SEND', 'POLICY_WRITE', 'EVENTS_READ'] });
    const api = integration(world.server, token);
    const input = { organizationId: team.organization.id, email: newAddress(), role: 'USER', kind: 'INTERNAL' };
    expect(await api.code(INVITE, { input })).toBe('SURFACE_NOT_ALLOWED');
    expect(await api.code(LIST, { id: team.organization.id })).toBe('SURFACE_NOT_ALLOWED');
    expect(await api.code(RESEND, { input: { id: invitation.id } })).toBe('SURFACE_NOT_ALLOWED');
    expect(await api.code(REVOKE, { input: { id: invitation.id } })).toBe('SURFACE_NOT_ALLOWED');
    const [row] = await world.factory.query(`select revoked_at, last_sent_at from invitation where id = ?`, [invitation.id]);
    expect({ ...row, last_sent_at: new Date(row!.last_sent_at).toISOString() }).toEqual({
      revoked_at: null,
      last_sent_at: invitation.lastSentAt,
    });
    expect(
      await auditRows(world.factory, team.organization.id, ['INVITATION_CREATED', 'INVITATION_RESENT', 'INVITATION_REVOKED']),
    ).toHaveLength(1);
  });
});

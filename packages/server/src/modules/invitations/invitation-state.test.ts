import { describe, expect, it } from 'vitest';
import { ALL_SCOPES, Role } from '@twostep/shared';
import { Permission, rolePermissions, scopePermissions } from '../access/index.js';
import { invitationState, stateCondition } from './invitation-state.js';

const now = new Date('2030-01-01T12:00:00Z');
const later = new Date(now.getTime() + 1000);

describe('invitationState', () => {
  it('derives the state from the timestamps and the time', () => {
    expect(invitationState({ acceptedAt: null, revokedAt: null, expiresAt: later }, now)).toBe('PENDING');
    expect(invitationState({ acceptedAt: null, revokedAt: null, expiresAt: now }, now)).toBe('EXPIRED');
    expect(invitationState({ acceptedAt: null, revokedAt: now, expiresAt: later }, now)).toBe('REVOKED');
    expect(invitationState({ acceptedAt: now, revokedAt: null, expiresAt: new Date(0) }, now)).toBe('ACCEPTED');
  });

  it('says the same in SQL: an expiry at this very instant is expired', () => {
    expect(stateCondition('PENDING', 'i')).toContain('i.expires_at > ?');
    expect(stateCondition('EXPIRED', 'i')).toContain('i.expires_at <= ?');
  });
});

describe('who may manage invitations', () => {
  it('is a legal representative or an administrator; no scope of an integration token grants it', () => {
    expect(rolePermissions[Role.LEGAL_REPRESENTATIVE].has(Permission.MANAGE_INVITATIONS)).toBe(true);
    expect(rolePermissions[Role.ADMINISTRATOR].has(Permission.MANAGE_INVITATIONS)).toBe(true);
    expect(rolePermissions[Role.USER].has(Permission.MANAGE_INVITATIONS)).toBe(false);
    for (const scope of ALL_SCOPES) expect(scopePermissions[scope]).not.toContain(Permission.MANAGE_INVITATIONS);
  });
});

import type { MembershipKind, Role } from '@twostep/shared';
import type { Member } from './members.types.js';

export interface MemberRow {
  organization_id: string;
  id: string;
  display_name: string;
  email: string;
  two_factor_enabled: boolean;
  role: Role;
  kind: MembershipKind;
  joined_at: Date;
  last_alerted_at: Date | null;
}

export function toMember(row: MemberRow, alertIntervalMs: number, now: Date): Member {
  const lastAlertedAt = row.last_alerted_at ? new Date(row.last_alerted_at) : null;
  return {
    id: row.id,
    organizationId: row.organization_id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    kind: row.kind,
    joinedAt: new Date(row.joined_at),
    twoFactorEnabled: row.two_factor_enabled,
    lastAlertedAt,
    nextAlertAllowedAt: nextAlertAt(lastAlertedAt, alertIntervalMs, now),
  };
}

/** When the next alert may go to a member, or null when it may go now. */
export function nextAlertAt(lastAlertedAt: Date | null, alertIntervalMs: number, now: Date): Date | null {
  if (!lastAlertedAt) return null;
  const next = new Date(lastAlertedAt.getTime() + alertIntervalMs);
  return next > now ? next : null;
}

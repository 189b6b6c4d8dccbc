import type { AllowedMethods, MembershipKind, Role } from '@twostep/shared';
import { invitationState, type InvitationState } from './invitation-state.js';

/** An invitation as the API shows it to administrators (never its token). */
export interface InvitationView {
  id: string;
  organizationId: string;
  email: string;
  role: Role;
  kind: MembershipKind;
  state: InvitationState;
  invitedBy: { userId: string; name: string } | null;
  createdAt: Date;
  expiresAt: Date;
  lastSentAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export interface InvitationRow {
  id: string;
  organization_id: string;
  email: string;
  role: Role;
  kind: MembershipKind;
  invited_by_user_id: string | null;
  invited_by_name: string | null;
  created_at: Date;
  expires_at: Date;
  last_sent_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

/** Selects `InvitationRow`s; the caller appends the `where` clause (alias `i`). */
export const selectInvitations = `select i.id, i.organization_id, i.email, i.role, i.kind, i.invited_by_user_id,
    inviter.display_name as invited_by_name, i.created_at, i.expires_at, i.last_sent_at, i.accepted_at, i.revoked_at
  from invitation i left join "user" inviter on inviter.id = i.invited_by_user_id`;

const date = (value: Date | string): Date => new Date(value);
const maybeDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

export function toView(row: InvitationRow, now: Date): InvitationView {
  const times = { acceptedAt: maybeDate(row.accepted_at), revokedAt: maybeDate(row.revoked_at), expiresAt: date(row.expires_at) };
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    role: row.role,
    kind: row.kind,
    state: invitationState(times, now),
    invitedBy: row.invited_by_user_id ? { userId: row.invited_by_user_id, name: row.invited_by_name ?? 'Deleted account' } : null,
    createdAt: date(row.created_at),
    expiresAt: times.expiresAt,
    lastSentAt: date(row.last_sent_at),
    acceptedAt: times.acceptedAt,
    revokedAt: times.revokedAt,
  };
}

/** An open invitation found by its token, with what the invitee is shown before accepting. */
export interface OpenInvitationRow {
  id: string;
  organization_id: string;
  organization_name: string;
  two_factor_required: boolean;
  allowed_methods: AllowedMethods;
  email: string;
  role: Role;
  kind: MembershipKind;
  expires_at: Date;
  invited_by_name: string | null;
  account_exists: boolean;
}

/** `?` 1: the token's hash, `?` 2: now. Used, revoked and expired invitations are not found. */
export const selectOpenInvitationByToken = `select i.id, i.organization_id, o.name as organization_name, o.two_factor_required, o.allowed_methods,
    i.email, i.role, i.kind, i.expires_at, inviter.display_name as invited_by_name,
    exists (select 1 from "user" u where lower(u.email) = lower(i.email)) as account_exists
  from invitation i
  join organization o on o.id = i.organization_id
  left join "user" inviter on inviter.id = i.invited_by_user_id
  where i.token_hash = ? and i.accepted_at is null and i.revoked_at is null and i.expires_at > ?`;

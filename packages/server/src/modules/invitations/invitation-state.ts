/** Where an invitation stands. Derived from its timestamps and the time, never stored. */
export const InvitationState = {
  PENDING: 'PENDING',
  ACCEPTED: 'ACCEPTED',
  REVOKED: 'REVOKED',
  EXPIRED: 'EXPIRED',
} as const;
export type InvitationState = (typeof InvitationState)[keyof typeof InvitationState];

export interface InvitationTimes {
  acceptedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

export function invitationState(times: InvitationTimes, now: Date): InvitationState {
  if (times.acceptedAt) return InvitationState.ACCEPTED;
  if (times.revokedAt) return InvitationState.REVOKED;
  if (times.expiresAt.getTime() <= now.getTime()) return InvitationState.EXPIRED;
  return InvitationState.PENDING;
}

/**
 * The same rule as SQL, for filtering a list by state; `?` stands for the current time. The
 * column prefix is the table alias, e.g. `i.`.
 */
export function stateCondition(state: InvitationState, alias: string): string {
  switch (state) {
    case InvitationState.ACCEPTED:
      return `${alias}.accepted_at is not null`;
    case InvitationState.REVOKED:
      return `${alias}.accepted_at is null and ${alias}.revoked_at is not null`;
    case InvitationState.EXPIRED:
      return `${alias}.accepted_at is null and ${alias}.revoked_at is null and ${alias}.expires_at <= ?`;
    case InvitationState.PENDING:
      return `${alias}.accepted_at is null and ${alias}.revoked_at is null and ${alias}.expires_at > ?`;
  }
}

/** How many times `stateCondition` uses the current time. */
export function stateConditionParams(state: InvitationState, now: Date): Date[] {
  return state === InvitationState.EXPIRED || state === InvitationState.PENDING ? [now] : [];
}

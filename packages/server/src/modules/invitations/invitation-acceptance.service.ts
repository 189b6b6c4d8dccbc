import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ClientKind, ErrorCode, MembershipKind, type Role } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { badInput, DomainError } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { Principal } from '../../core/graphql/principal.js';
import { hasAcceptedMethod } from '../access/index.js';
import { hashToken } from '../../core/security/tokens.js';
import { type User, type AccountsService, type Session, type SessionService } from '../accounts/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { hasHome, insertMembership } from '../organizations/index.js';
import { selectOpenInvitationByToken, type OpenInvitationRow } from './invitation-rows.js';

interface Deps {
  clock: Clock;
  accounts: AccountsService;
  sessions: SessionService;
  audit: AuditService;
  events: DomainEvents;
}

/** What the invitee sees before accepting. */
export interface InvitationPreview {
  organizationName: string;
  email: string;
  role: Role;
  kind: MembershipKind;
  expiresAt: Date;
  invitedBy: string | null;
  accountExists: boolean;
  twoFactorRequired: boolean;
}

export interface InvitationAcceptance {
  organizationId: string;
  organizationName: string;
  role: Role;
  kind: MembershipKind;
  userId: string;
  accountCreated: boolean;
  twoFactorRequired: boolean;
  /** The organization requires 2FA and the account has none: the console goes to the setup next. */
  twoFactorSetupRequired: boolean;
  /** A new account is signed in at once: the web session to deliver as a cookie. */
  session: { session: Session; token: string } | null;
}

/** Who joins: the existing account of the invited address, or a new one. */
type Joiner = { existing: User; signUp: null } | { existing: null; signUp: { email: string; displayName: string; password: string } };

/** What a new account needs; the accounts service validates the values themselves. */
function newAccount(
  email: string,
  input: { displayName?: string | null; password?: string | null },
): { email: string; displayName: string; password: string } {
  if (!input.displayName) throw badInput('displayName', 'Choose the name of your new account.');
  if (!input.password) throw badInput('password', 'Choose the password of your new account.');
  return { email, displayName: input.displayName, password: input.password };
}

const secondHome = (): DomainError =>
  new DomainError(
    ErrorCode.MEMBERSHIP_KIND,
    'Your account is already internal to another organization, and an account has only one. Ask the person who invited you to invite you again as an external member.',
  );

const invalid = (): DomainError => new DomainError(ErrorCode.TOKEN_INVALID, 'This invitation is no longer valid. Ask for a new one.');

/**
 * The invitee's side, reachable without signing in: preview an invitation from its link, and
 * accept it, with a new account (signed in at once) or as the existing account of its address
 * (signed in as that account). The link works once: a conditional update claims it in the same
 * transaction that creates the membership. Joining needs no special rule for 2FA: the gate blocks
 * every member without it in an organization that requires it, newcomers included.
 */
export class InvitationAcceptanceService {
  constructor(private readonly deps: Deps) {}

  async preview(em: EntityManager, token: string): Promise<InvitationPreview> {
    const row = await this.open(em, token);
    return {
      organizationName: row.organization_name,
      email: row.email,
      role: row.role,
      kind: row.kind,
      expiresAt: new Date(row.expires_at),
      invitedBy: row.invited_by_name,
      accountExists: row.account_exists,
      twoFactorRequired: row.two_factor_required,
    };
  }

  async accept(
    em: EntityManager,
    principal: Principal,
    input: { token: string; displayName?: string | null; password?: string | null },
    from: { userAgent?: string },
  ): Promise<InvitationAcceptance> {
    const invitation = await this.open(em, input.token);
    const existing = await this.deps.accounts.findByEmail(em, invitation.email);
    if (existing && !(principal.kind === 'session' && principal.client === ClientKind.WEB && principal.userId === existing.id)) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, `Sign in as ${invitation.email} to accept`, { email: invitation.email });
    }
    const joiner: Joiner = existing ? { existing, signUp: null } : { existing: null, signUp: newAccount(invitation.email, input) };
    const now = this.deps.clock.now();
    let accepted: InvitationAcceptance;
    try {
      accepted = await em.transactional(async (tx) => {
        const user = joiner.existing ?? (await this.deps.accounts.createUser(tx, joiner.signUp));
        await tx.flush();
        const claimed = await sql(
          tx,
          `update invitation set accepted_at = ?, accepted_by_user_id = ?
           where id = ? and token_hash = ? and accepted_at is null and revoked_at is null and expires_at > ? returning id`,
          [now, user.id, invitation.id, hashToken(input.token), now],
        );
        if (claimed.length === 0) throw invalid();
        if (invitation.kind === MembershipKind.INTERNAL && existing) await this.refuseSecondHome(tx, existing.id);
        const joined = await insertMembership(tx, {
          organizationId: invitation.organization_id,
          userId: user.id,
          role: invitation.role,
          kind: invitation.kind,
          joinedAt: now,
        });
        if (!joined) throw new DomainError(ErrorCode.CONFLICT, 'You are already a member of this organization.');
        this.deps.audit.record(tx, {
          organizationId: invitation.organization_id,
          action: AuditAction.MEMBER_JOINED,
          actor: { userId: user.id },
          targetUserId: user.id,
          data: { invitationId: invitation.id, role: invitation.role, kind: invitation.kind },
        });
        const session = existing ? null : this.deps.sessions.create(tx, user, ClientKind.WEB, from.userAgent);
        return this.outcome(invitation, user, session);
      });
    } catch (error) {
      // A concurrent acceptance made the account INTERNAL elsewhere a moment ago.
      if (error instanceof UniqueConstraintViolationException && error.message.includes('membership_one_home')) throw secondHome();
      // Another acceptance created the account of this address a moment ago.
      if (error instanceof UniqueConstraintViolationException)
        throw new DomainError(ErrorCode.CONFLICT, 'An account with this e-mail exists; sign in to accept.', { field: 'email' });
      throw error;
    }
    const { organizationId, userId } = accepted;
    this.deps.events.publish({ type: 'memberSecurityChanged', organizationIds: [organizationId], userId, change: 'JOINED' });
    this.deps.events.publish({ type: 'accessChanged', userIds: [userId] });
    return accepted;
  }

  private outcome(invitation: OpenInvitationRow, user: User, session: InvitationAcceptance['session']): InvitationAcceptance {
    return {
      organizationId: invitation.organization_id,
      organizationName: invitation.organization_name,
      role: invitation.role,
      kind: invitation.kind,
      userId: user.id,
      accountCreated: session !== null,
      twoFactorRequired: invitation.two_factor_required,
      // The organization's accepted methods decide: where only keys count, an app is not enough.
      twoFactorSetupRequired:
        invitation.two_factor_required &&
        !hasAcceptedMethod(
          { twoFactorEnabled: user.twoFactorEnabled, phishingResistant: user.phishingResistant },
          { allowedMethods: invitation.allowed_methods },
        ),
      session,
    };
  }

  /**
   * One home: an account is INTERNAL to at most one organization (the one that may reset its second
   * factors). The answer names no other organization: the inviter may invite again as EXTERNAL.
   */
  private async refuseSecondHome(tx: EntityManager, userId: string): Promise<void> {
    if (await hasHome(tx, userId)) throw secondHome();
  }

  /** The open invitation of a link; anything else (unknown, used, revoked, expired) is TOKEN_INVALID. */
  private async open(em: EntityManager, token: string): Promise<OpenInvitationRow> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) throw invalid();
    const [row] = await sql<OpenInvitationRow>(em, selectOpenInvitationByToken, [hashToken(token), this.deps.clock.now()]);
    if (!row) throw invalid();
    return row;
  }
}

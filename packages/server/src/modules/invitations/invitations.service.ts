import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, MembershipKind, Role } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { DomainError, notFound, validId } from '../../core/errors.js';
import type { Principal } from '../../core/graphql/principal.js';
import type { MailQueue } from '../../core/mail/index.js';
import { newToken } from '../../core/security/tokens.js';
import { validDisplayName, validEmail } from '../accounts/index.js';
import { AuditAction, type Actor, type AuditService } from '../audit/index.js';
import { authorize, Permission, requireCanManageRole, requirePerson, type OrganizationActor } from '../access/index.js';
import { isMemberByEmail, type OrganizationsService } from '../organizations/index.js';
import { Invitation } from './invitation.entity.js';
import { selectInvitations, toView, type InvitationRow, type InvitationView } from './invitation-rows.js';
import { stateCondition, stateConditionParams, type InvitationState } from './invitation-state.js';
import { invitationMail } from './invitations.mails.js';

/** How long an invitation link works, from its creation or its last resend. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 3600_000;

interface Deps {
  clock: Clock;
  mail: MailQueue;
  audit: AuditService;
  /** Creates the organization the operator founds (the organizations module owns the table). */
  organizations: Pick<OrganizationsService, 'create'>;
}

/** Where an invitation goes, and who sends it (null: the operator command). */
interface Issue {
  organizationId: string;
  organizationName: string;
  twoFactorRequired: boolean;
  email: string;
  role: Role;
  kind: MembershipKind;
  invitedBy: { userId: string; name: string } | null;
}

export interface IssuedInvitation {
  invitation: InvitationView;
  /** The link's secret, for the operator command to print; it also went out by mail. */
  token: string;
  mailId: string;
}

type Manager = OrganizationActor & { userId: string; role: Role; name: string };

/**
 * Administrators invite an address with a role and kind, list, resend and revoke invitations; the
 * operator command founds an organization with an invitation of its first legal representative.
 * An invitation, its mail and its audit event are written in one transaction; only the token's
 * hash is kept.
 */
export class InvitationsService {
  constructor(private readonly deps: Deps) {}

  async invite(
    em: EntityManager,
    principal: Principal,
    organizationId: string,
    input: { email: string; role: Role; kind: MembershipKind },
  ): Promise<InvitationView> {
    const actor = await this.manager(em, principal, organizationId, input.role);
    const email = validEmail(input.email);
    const issued = await this.inTransaction(em, (tx) =>
      this.issue(tx, {
        organizationId: actor.organizationId,
        organizationName: actor.organizationName,
        twoFactorRequired: actor.twoFactorRequired,
        ...{ email, role: input.role, kind: input.kind },
        invitedBy: { userId: actor.userId, name: actor.name },
      }),
    );
    return issued.invitation;
  }

  async list(em: EntityManager, principal: Principal, organizationId: string, state?: InvitationState | null): Promise<InvitationView[]> {
    const actor = await authorize(em, principal, organizationId, Permission.MANAGE_INVITATIONS);
    const now = this.deps.clock.now();
    const rows = await sql<InvitationRow>(
      em,
      `${selectInvitations} where i.organization_id = ?${state ? ` and ${stateCondition(state, 'i')}` : ''} order by i.created_at desc, i.id`,
      [actor.organizationId, ...(state ? stateConditionParams(state, now) : [])],
    );
    return rows.map((row) => toView(row, now));
  }

  /** A new link (the old one stops working), a new expiry and a new mail; for pending or expired invitations. */
  async resend(em: EntityManager, principal: Principal, invitationId: string): Promise<InvitationView> {
    const { invitation, actor } = await this.managed(em, principal, invitationId);
    const now = this.deps.clock.now();
    const { token, hash } = newToken('tsv');
    const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    await this.inTransaction(em, async (tx) => {
      const rows = await sql(
        tx,
        `update invitation set token_hash = ?, expires_at = ?, last_sent_at = ?
         where id = ? and accepted_at is null and revoked_at is null returning id`,
        [hash, expiresAt, now, invitation.id],
      );
      if (rows.length === 0) throw new DomainError(ErrorCode.CONFLICT, 'This invitation was accepted or revoked; it cannot be resent.');
      this.deps.mail.queue(
        tx,
        invitationMail(
          { ...invitation, organizationName: actor.organizationName, twoFactorRequired: actor.twoFactorRequired },
          { token, expiresAt, invitedBy: actor.name },
        ),
      );
      this.audit(tx, actor.organizationId, actor.audit, AuditAction.INVITATION_RESENT, invitation);
    });
    return this.find(em, invitation.id);
  }

  async revoke(em: EntityManager, principal: Principal, invitationId: string): Promise<InvitationView> {
    const { invitation, actor } = await this.managed(em, principal, invitationId);
    await em.transactional(async (tx) => {
      const rows = await sql(
        tx,
        `update invitation set revoked_at = ? where id = ? and accepted_at is null and revoked_at is null returning id`,
        [this.deps.clock.now(), invitation.id],
      );
      if (rows.length === 0) throw new DomainError(ErrorCode.CONFLICT, 'This invitation was already accepted or revoked.');
      this.audit(tx, actor.organizationId, actor.audit, AuditAction.INVITATION_REVOKED, invitation);
    });
    return this.find(em, invitation.id);
  }

  /** The operator command: a new organization and the invitation of its first legal representative. */
  async createOrganization(
    em: EntityManager,
    input: { name: string; legalRepresentative: string; kind?: MembershipKind },
  ): Promise<IssuedInvitation> {
    const name = validDisplayName(input.name, 'name');
    const email = validEmail(input.legalRepresentative, 'legalRepresentative');
    const kind = input.kind ?? MembershipKind.INTERNAL;
    return this.inTransaction(em, async (tx) => {
      const { id: organizationId } = await this.deps.organizations.create(tx, name);
      this.deps.audit.record(tx, { organizationId, action: AuditAction.ORGANIZATION_CREATED, actor: {}, data: { name, by: 'operator' } });
      const issue = { organizationId, organizationName: name, twoFactorRequired: false, email, invitedBy: null };
      return this.issue(tx, { ...issue, role: Role.LEGAL_REPRESENTATIVE, kind });
    });
  }

  /** Writes the invitation, its mail and its audit event in the caller's transaction. */
  private async issue(tx: EntityManager, issue: Issue): Promise<IssuedInvitation> {
    const params = [issue.organizationId, issue.email];
    if (await isMemberByEmail(tx, issue.organizationId, issue.email))
      throw new DomainError(ErrorCode.CONFLICT, 'This person is already a member.', { field: 'email' });
    const [open] = await sql<{ id: string }>(
      tx,
      `select id from invitation where organization_id = ? and lower(email) = lower(?) and accepted_at is null and revoked_at is null`,
      params,
    );
    if (open) throw openConflict(open.id);
    const now = this.deps.clock.now();
    const { token, hash } = newToken('tsv');
    const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    const { organizationId, email, role, kind, invitedBy } = issue;
    const id = randomUUID();
    tx.persist(
      tx.create(Invitation, {
        id,
        organizationId,
        email,
        role,
        kind,
        tokenHash: hash,
        invitedByUserId: invitedBy?.userId ?? null,
        createdAt: now,
        expiresAt,
        lastSentAt: now,
      }),
    );
    const mail = this.deps.mail.queue(tx, invitationMail(issue, { token, expiresAt, invitedBy: invitedBy?.name ?? 'An operator' }));
    this.audit(tx, organizationId, { userId: invitedBy?.userId ?? null }, AuditAction.INVITATION_CREATED, { id, email, role, kind });
    await tx.flush();
    const invitation: InvitationView = {
      ...{ id, organizationId, email, role, kind, invitedBy, createdAt: now, expiresAt, lastSentAt: now },
      ...{ state: 'PENDING', acceptedAt: null, revokedAt: null },
    };
    return { invitation, token, mailId: mail.id };
  }

  /** Runs `work` in a transaction and wakes the mail workers after the commit. */
  private async inTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await em.transactional(work);
      this.deps.mail.wake();
      return result;
    } catch (error) {
      // Two administrators inviting the same address at once: the unique partial index decides.
      if (error instanceof UniqueConstraintViolationException) throw openConflict(null);
      throw error;
    }
  }

  private audit(
    em: EntityManager,
    organizationId: string,
    actor: Actor,
    action: AuditAction,
    invitation: { id: string; email: string; role: Role; kind: MembershipKind },
  ): void {
    const { id: invitationId, email, role, kind } = invitation;
    this.deps.audit.record(em, { organizationId, action, actor, data: { invitationId, email, role, kind } });
  }

  /** Authorizes a person (never a token) to manage invitations of `role` in the organization. */
  private async manager(em: EntityManager, principal: Principal, organizationId: string, role: Role): Promise<Manager> {
    const actor = await authorize(em, principal, organizationId, Permission.MANAGE_INVITATIONS);
    // No scope grants this permission; the check keeps it so should the table ever change.
    requirePerson(actor, 'Only people manage invitations.');
    requireCanManageRole(actor.role, [role], 'Only a legal representative invites a legal representative.');
    return { ...actor, userId: actor.userId, role: actor.role, name: actor.personName };
  }

  /** An invitation and its manager; the invitation is "not found" to anyone outside its organization. */
  private async managed(
    em: EntityManager,
    principal: Principal,
    invitationId: string,
  ): Promise<{ invitation: InvitationView; actor: Manager }> {
    const invitation = await this.find(em, invitationId);
    try {
      return { invitation, actor: await this.manager(em, principal, invitation.organizationId, invitation.role) };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) throw notFound('Invitation');
      throw error;
    }
  }

  private async find(em: EntityManager, invitationId: string): Promise<InvitationView> {
    const [row] = await sql<InvitationRow>(em, `${selectInvitations} where i.id = ?`, [validId(invitationId, 'id')]);
    if (!row) throw notFound('Invitation');
    return toView(row, this.deps.clock.now());
  }
}

function openConflict(invitationId: string | null): DomainError {
  return new DomainError(ErrorCode.CONFLICT, 'An invitation to this address is already open: resend it instead.', {
    field: 'email',
    ...(invitationId ? { invitationId } : {}),
  });
}

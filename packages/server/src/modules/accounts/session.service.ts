import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TwoFactorMethodKind } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import type { MembershipRef, SessionPrincipal } from '../../core/graphql/principal.js';
import { hashToken, newToken } from '../../core/security/tokens.js';
import { Session, type SessionClient } from './session.entity.js';
import { lastUsedGranularityMs, sessionLifetimes } from './session-lifetimes.js';
import { type User } from './user.entity.js';

interface SessionRow {
  session_id: string;
  client: SessionClient;
  last_used_at: Date;
  password_at: Date;
  user_id: string;
  email: string;
  display_name: string;
  two_factor_enabled: boolean;
  phishing_resistant: boolean;
  second_factor: SessionPrincipal['secondFactor'];
  memberships:
    | {
        organization_id: string;
        name: string;
        role: MembershipRef['role'];
        kind: MembershipRef['kind'];
        two_factor_required: boolean;
        allowed_methods: MembershipRef['allowedMethods'];
        policy_changed_at: string | null;
        required_from: string | null;
        deadline_at: string | null;
        exempt_until: string | null;
      }[]
    | string;
}

/** Sessions: created at sign-in, loaded with the gate's state in one statement, revoked. */
export class SessionService {
  /**
   * `membershipsJson` is the organizations module's query object for an account's memberships
   * (accounts does not import organizations, which builds on it): the composition root passes it.
   */
  constructor(
    private readonly clock: Clock,
    private readonly membershipsJson: (userIdColumn: string) => string,
  ) {}

  /** Creates a session; the returned token is shown once (cookie or bearer), only its hash is kept. */
  create(
    em: EntityManager,
    user: User,
    client: SessionClient,
    userAgent?: string,
    secondFactor: TwoFactorMethodKind | null = null,
  ): { session: Session; token: string } {
    const now = this.clock.now();
    const { token, hash } = newToken(client === 'WEB' ? 'tsw' : 'tsa');
    const session = em.create(Session, {
      id: randomUUID(),
      tokenHash: hash,
      user,
      client,
      userAgent: userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      lastUsedAt: now,
      passwordAt: now,
      secondFactor,
      expiresAt: new Date(now.getTime() + sessionLifetimes[client].absoluteMs),
    });
    em.persist(session);
    return { session, token };
  }

  /**
   * The session, its user and the organizations of that user that require 2FA, in one statement:
   * the gate always sees the current policy, with no cache to go stale.
   */
  async authenticate(em: EntityManager, token: string): Promise<SessionPrincipal | undefined> {
    const now = this.clock.now();
    const rows = await sql<SessionRow>(
      em,
      `select s.id as session_id, s.client, s.last_used_at, s.password_at, u.id as user_id, u.email, u.display_name, u.two_factor_enabled, u.phishing_resistant, s.second_factor,
         ${this.membershipsJson('u.id')} as memberships
       from session s join "user" u on u.id = s.user_id
       where s.token_hash = ? and s.revoked_at is null and s.expires_at > ?`,
      [hashToken(token), now],
    );
    const row = rows[0];
    if (!row) return undefined;
    const lastUsed = new Date(row.last_used_at).getTime();
    if (now.getTime() - lastUsed > sessionLifetimes[row.client].idleMs) return undefined;
    if (now.getTime() - lastUsed > lastUsedGranularityMs) {
      // Off the request's path: the conditional update keeps concurrent requests to one write.
      void sql(em.fork(), `update session set last_used_at = ? where id = ? and last_used_at < ?`, [
        now,
        row.session_id,
        new Date(now.getTime() - lastUsedGranularityMs),
      ]).catch(() => undefined);
    }
    const raw =
      typeof row.memberships === 'string' ? (JSON.parse(row.memberships) as Exclude<SessionRow['memberships'], string>) : row.memberships;
    const memberships: MembershipRef[] = raw.map((m) => ({
      organizationId: m.organization_id,
      name: m.name,
      role: m.role,
      kind: m.kind,
      twoFactorRequired: m.two_factor_required,
      allowedMethods: m.allowed_methods,
      policyChangedAt: m.policy_changed_at,
      requiredFrom: m.required_from,
      deadlineAt: m.deadline_at,
      exemptUntil: m.exempt_until,
    }));
    return {
      kind: 'session',
      sessionId: row.session_id,
      client: row.client,
      userId: row.user_id,
      email: row.email,
      displayName: row.display_name,
      twoFactorEnabled: row.two_factor_enabled,
      phishingResistant: row.phishing_resistant,
      secondFactor: row.second_factor,
      passwordAt: new Date(row.password_at),
      at: now,
      memberships,
      requiringOrganizations: memberships.filter((m) => m.twoFactorRequired).map((m) => ({ id: m.organizationId, name: m.name })),
    };
  }

  /** The password was entered again for this session (a password proof): it counts as fresh. */
  async passwordEntered(em: EntityManager, sessionId: string): Promise<void> {
    await sql(em, `update session set password_at = ? where id = ?`, [this.clock.now(), sessionId]);
  }

  async list(em: EntityManager, userId: string): Promise<Session[]> {
    const now = this.clock.now();
    const sessions = await em.find(
      Session,
      { user: userId, revokedAt: null, expiresAt: { $gt: now } },
      { orderBy: { lastUsedAt: 'desc' } },
    );
    return sessions.filter((s) => now.getTime() - s.lastUsedAt.getTime() <= sessionLifetimes[s.client].idleMs);
  }

  /** Revokes one session of the user; false when it is not theirs or already ended. */
  async revoke(em: EntityManager, userId: string, sessionId: string): Promise<string[]> {
    const rows = await sql<{ id: string }>(
      em,
      `update session set revoked_at = ? where id = ? and user_id = ? and revoked_at is null returning id`,
      [this.clock.now(), sessionId, userId],
    );
    return rows.map((r) => r.id);
  }

  /** Ends the user's sessions, optionally only web ones, optionally keeping one. Returns the ids ended. */
  async revokeAll(em: EntityManager, userId: string, options: { onlyWeb?: boolean; except?: string } = {}): Promise<string[]> {
    const rows = await sql<{ id: string }>(
      em,
      `update session set revoked_at = ?
       where user_id = ? and revoked_at is null and (? = false or client = 'WEB') and id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')
       returning id`,
      [this.clock.now(), userId, options.onlyWeb ?? false, options.except ?? null],
    );
    return rows.map((r) => r.id);
  }
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Scope } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { dateOrNull, sql } from '../../core/database/sql.js';
import { notFound, validId } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import type { IntegrationPrincipal, Principal } from '../../core/graphql/principal.js';
import { hashToken, newToken } from '../../core/security/tokens.js';
import { validDisplayName } from '../accounts/index.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { authorize, Permission, requireOwnTwoFactor, requirePerson } from '../access/index.js';
import { IntegrationToken as IntegrationTokenRow } from './integration-token.entity.js';
import { IntegrationTokenState, type IntegrationToken } from './integration-token.types.js';
import { scopesOf } from './token-rows.js';
import { validExpiry, validScopes } from './validation.js';

/** Integration secrets start with this, so `authenticate` in app.ts can tell them from session tokens. */
export const INTEGRATION_TOKEN_PREFIX = 'tsi_';

/** `last_used_at` is written at most this often, so reads do not write on every request. */
export const LAST_USED_GRANULARITY_MS = 60_000;

export interface CreateIntegrationToken {
  name: string;
  scopes: readonly string[];
  expiresAt?: Date | null;
}

interface Deps {
  clock: Clock;
  audit: AuditService;
  events: DomainEvents;
}

interface ListRow {
  id: string;
  name: string;
  scopes: string[] | string;
  created_by_user_id: string | null;
  created_by_name: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

interface AuthRow {
  id: string;
  organization_id: string;
  scopes: string[] | string;
  last_used_at: Date | null;
  organization_name: string;
  two_factor_required: boolean;
}

/**
 * Organization-scoped API tokens: created and revoked by the organization's administrators (never
 * by a token), shown once, stored as a SHA-256, optionally expiring, loaded in one statement.
 */
export class IntegrationTokensService {
  constructor(private readonly deps: Deps) {}

  /** Creates a token; the secret in the result is the only copy there will ever be. */
  async create(
    em: EntityManager,
    principal: Principal,
    organizationId: string,
    input: CreateIntegrationToken,
  ): Promise<{ token: string; integrationToken: IntegrationToken }> {
    const access = await authorize(em, principal, organizationId, Permission.MANAGE_TOKENS);
    requirePerson(access, 'Only a person can create integration tokens.');
    const now = this.deps.clock.now();
    const name = validDisplayName(input.name, 'name');
    const scopes = validScopes(input.scopes);
    const expiresAt = validExpiry(input.expiresAt, now);
    if (scopes.includes(Scope.POLICY_WRITE)) requireOwnTwoFactor(access, 'granting policy:write', { field: 'scopes' });
    const { token, hash } = newToken(INTEGRATION_TOKEN_PREFIX.slice(0, -1));
    const id = randomUUID();
    await em.transactional(async (tx) => {
      tx.persist(
        tx.create(IntegrationTokenRow, {
          id,
          organizationId: access.organizationId,
          name,
          scopes,
          tokenHash: hash,
          createdByUserId: access.userId,
          createdAt: now,
          expiresAt,
          lastUsedAt: null,
          revokedAt: null,
        }),
      );
      this.deps.audit.record(tx, {
        organizationId: access.organizationId,
        action: AuditAction.TOKEN_CREATED,
        actor: access.audit,
        data: { tokenId: id, name, scopes },
      });
    });
    return {
      token,
      integrationToken: {
        id,
        name,
        scopes,
        state: IntegrationTokenState.ACTIVE,
        createdBy: { userId: access.userId, tokenId: null, name: access.personName },
        createdAt: now,
        expiresAt,
        lastUsedAt: null,
        revokedAt: null,
      },
    };
  }

  /** Every token of the organization, newest first, revoked and expired ones included; never a secret or hash. */
  async list(em: EntityManager, principal: Principal, organizationId: string): Promise<IntegrationToken[]> {
    const access = await authorize(em, principal, organizationId, Permission.MANAGE_TOKENS);
    const rows = await sql<ListRow>(
      em,
      `select t.id, t.name, t.scopes, t.created_by_user_id, u.display_name as created_by_name,
         t.created_at, t.expires_at, t.last_used_at, t.revoked_at
       from integration_token t left join "user" u on u.id = t.created_by_user_id
       where t.organization_id = ?
       order by t.created_at desc, t.id`,
      [access.organizationId],
    );
    const now = this.deps.clock.now();
    return rows.map((row) => {
      const expiresAt = dateOrNull(row.expires_at);
      const revokedAt = dateOrNull(row.revoked_at);
      return {
        id: row.id,
        name: row.name,
        scopes: scopesOf(row.scopes),
        state: revokedAt
          ? IntegrationTokenState.REVOKED
          : expiresAt && expiresAt.getTime() <= now.getTime()
            ? IntegrationTokenState.EXPIRED
            : IntegrationTokenState.ACTIVE,
        createdBy: row.created_by_user_id
          ? { userId: row.created_by_user_id, tokenId: null, name: row.created_by_name ?? 'Deleted account' }
          : null,
        createdAt: new Date(row.created_at),
        expiresAt,
        lastUsedAt: dateOrNull(row.last_used_at),
        revokedAt,
      };
    });
  }

  /**
   * Revokes a token of the organization: it stops authenticating at once, and open sockets learn
   * it from the `tokenRevoked` event. False when it was already revoked.
   */
  async revoke(em: EntityManager, principal: Principal, organizationId: string, tokenId: string): Promise<boolean> {
    const access = await authorize(em, principal, organizationId, Permission.MANAGE_TOKENS);
    const id = validId(tokenId, 'id');
    const revoked = await em.transactional(async (tx) => {
      const [row] = await sql<{ name: string }>(
        tx,
        `update integration_token set revoked_at = ? where id = ? and organization_id = ? and revoked_at is null returning name`,
        [this.deps.clock.now(), id, access.organizationId],
      );
      if (!row) {
        const [exists] = await sql(tx, `select 1 from integration_token where id = ? and organization_id = ?`, [id, access.organizationId]);
        if (!exists) throw notFound('Integration token');
        return false;
      }
      this.deps.audit.record(tx, {
        organizationId: access.organizationId,
        action: AuditAction.TOKEN_REVOKED,
        actor: access.audit,
        data: { tokenId: id, name: row.name },
      });
      return true;
    });
    if (revoked) this.deps.events.publish({ type: 'tokenRevoked', tokenId: id });
    return revoked;
  }

  /**
   * The token behind a `tsi_` bearer, in one statement: unknown, revoked and expired tokens are
   * all simply not found. The expiry is compared with the server's clock, passed as a parameter.
   */
  async authenticate(em: EntityManager, token: string): Promise<IntegrationPrincipal | undefined> {
    if (!token.startsWith(INTEGRATION_TOKEN_PREFIX)) return undefined;
    const now = this.deps.clock.now();
    const [row] = await sql<AuthRow>(
      em,
      `select t.id, t.organization_id, t.scopes, t.last_used_at, o.name as organization_name, o.two_factor_required
       from integration_token t join organization o on o.id = t.organization_id
       where t.token_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > ?)`,
      [hashToken(token), now],
    );
    if (!row) return undefined;
    const lastUsed = row.last_used_at ? new Date(row.last_used_at).getTime() : undefined;
    if (lastUsed === undefined || now.getTime() - lastUsed > LAST_USED_GRANULARITY_MS) {
      // Off the request's path: the conditional update keeps concurrent requests to one write.
      void sql(em.fork(), `update integration_token set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)`, [
        now,
        row.id,
        new Date(now.getTime() - LAST_USED_GRANULARITY_MS),
      ]).catch(() => undefined);
    }
    return {
      kind: 'integration',
      tokenId: row.id,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      twoFactorRequired: row.two_factor_required,
      scopes: new Set(scopesOf(row.scopes)),
    };
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, type MembershipKind, type Role } from '@twostep/shared';
import { sql } from '../../core/database/sql.js';
import { DomainError, validId } from '../../core/errors.js';
import type { Principal } from '../../core/graphql/principal.js';
import type { Actor } from '../audit/index.js';
import { rolePermissions, scopePermissions, type Permission } from './permissions.js';

/** Who acts in an organization, once authorized. */
export interface OrganizationActor {
  organizationId: string;
  organizationName: string;
  twoFactorRequired: boolean;
  /** The person acting, or null for an integration token. */
  userId: string | null;
  tokenId: string | null;
  role: Role | null;
  kind: MembershipKind | null;
  /** Whether the person acting has 2FA (integration tokens: not applicable, false). */
  actorTwoFactorEnabled: boolean;
  audit: Actor;
}

interface AccessRow {
  name: string;
  two_factor_required: boolean;
  role: Role | null;
  kind: MembershipKind | null;
}

/**
 * The one authorization check for everything inside an organization. A person must be a member
 * whose role holds the permission; a token must belong to this organization and hold a scope that
 * grants it. Non-members learn nothing: the organization is "not found".
 */
export async function authorize(
  em: EntityManager,
  principal: Principal,
  organizationId: string,
  permission: Permission,
): Promise<OrganizationActor> {
  const id = validId(organizationId, 'organizationId');
  if (principal.kind === 'anonymous') throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
  if (principal.kind === 'integration') {
    if (principal.organizationId !== id) throw new DomainError(ErrorCode.NOT_FOUND, 'Organization not found');
    const granted = [...principal.scopes].some((scope) => scopePermissions[scope].includes(permission));
    if (!granted) throw new DomainError(ErrorCode.FORBIDDEN, 'This token may not do this.');
    const [row] = await sql<AccessRow>(em, `select name, two_factor_required, null as role, null as kind from organization where id = ?`, [
      id,
    ]);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Organization not found');
    return {
      organizationId: id,
      organizationName: row.name,
      twoFactorRequired: row.two_factor_required,
      userId: null,
      tokenId: principal.tokenId,
      role: null,
      kind: null,
      actorTwoFactorEnabled: false,
      audit: { tokenId: principal.tokenId },
    };
  }
  const [row] = await sql<AccessRow>(
    em,
    `select o.name, o.two_factor_required, m.role, m.kind from organization o join membership m on m.organization_id = o.id and m.user_id = ? where o.id = ?`,
    [principal.userId, id],
  );
  if (!row?.role) throw new DomainError(ErrorCode.NOT_FOUND, 'Organization not found');
  if (!rolePermissions[row.role].has(permission))
    throw new DomainError(ErrorCode.FORBIDDEN, 'Your role in this organization does not allow this.');
  return {
    organizationId: id,
    organizationName: row.name,
    twoFactorRequired: row.two_factor_required,
    userId: principal.userId,
    tokenId: null,
    role: row.role,
    kind: row.kind,
    actorTwoFactorEnabled: principal.twoFactorEnabled,
    audit: { userId: principal.userId },
  };
}

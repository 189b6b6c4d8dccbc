import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, type MembershipKind, type Role } from '@twostep/shared';
import { DomainError, validId } from '../../core/errors.js';
import type { Principal } from '../../core/graphql/principal.js';
import { rolePermissions, scopePermissions, type Permission } from './permissions.js';

/** Who acts in an organization, once authorized. */
export interface OrganizationActor {
  organizationId: string;
  organizationName: string;
  twoFactorRequired: boolean;
  /** The person acting, or null for an integration token. */
  userId: string | null;
  /** The acting person's display name, or null for an integration token. */
  personName: string | null;
  tokenId: string | null;
  role: Role | null;
  kind: MembershipKind | null;
  /** Whether the person acting has 2FA (integration tokens: not applicable, false). */
  actorTwoFactorEnabled: boolean;
  /** Whether the person acting has a security key or passkey (integration tokens: false). */
  actorPhishingResistant: boolean;
  /** Who to name in the audit log: the person or the token. */
  audit: { userId?: string | null; tokenId?: string | null };
}

/**
 * The one authorization check for everything inside an organization. A person must be a member
 * whose role holds the permission; a token must belong to this organization and hold a scope that
 * grants it. Non-members learn nothing: the organization is "not found". It reads no database:
 * the memberships (or the token's organization) came with the request's credentials, in the
 * statement that loaded them.
 */
export async function authorize(
  _em: EntityManager,
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
    return {
      organizationId: id,
      organizationName: principal.organizationName,
      twoFactorRequired: principal.twoFactorRequired,
      userId: null,
      personName: null,
      tokenId: principal.tokenId,
      role: null,
      kind: null,
      actorTwoFactorEnabled: false,
      actorPhishingResistant: false,
      audit: { tokenId: principal.tokenId },
    };
  }
  const membership = principal.memberships.find((m) => m.organizationId === id);
  if (!membership) throw new DomainError(ErrorCode.NOT_FOUND, 'Organization not found');
  if (!rolePermissions[membership.role].has(permission))
    throw new DomainError(ErrorCode.FORBIDDEN, 'Your role in this organization does not allow this.');
  return {
    organizationId: id,
    organizationName: membership.name,
    twoFactorRequired: membership.twoFactorRequired,
    userId: principal.userId,
    personName: principal.displayName,
    tokenId: null,
    role: membership.role,
    kind: membership.kind,
    actorTwoFactorEnabled: principal.twoFactorEnabled,
    actorPhishingResistant: principal.phishingResistant,
    audit: { userId: principal.userId },
  };
}

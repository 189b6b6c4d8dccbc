import type { EntityManager } from '@mikro-orm/postgresql';
import { Scope } from '@twostep/shared';
import type { Principal } from '../../core/graphql/principal.js';
import { AuditAction, type AuditService } from '../audit/index.js';

/**
 * Audits a use of `policy:write`: the policy module calls this, in its own transaction, whenever
 * it changes an organization's requirement. A person's change is audited by the policy module
 * itself, so for anyone but an integration token holding the scope this records nothing and
 * returns false.
 */
export function recordPolicyWriteUse(
  em: EntityManager,
  audit: AuditService,
  principal: Principal,
  organizationId: string,
  data: Record<string, unknown> = {},
): boolean {
  if (principal.kind !== 'integration' || !principal.scopes.has(Scope.POLICY_WRITE)) return false;
  audit.record(em, {
    organizationId,
    action: AuditAction.TOKEN_USED_POLICY_WRITE,
    actor: { tokenId: principal.tokenId },
    data: { ...data, tokenId: principal.tokenId, scope: Scope.POLICY_WRITE },
  });
  return true;
}

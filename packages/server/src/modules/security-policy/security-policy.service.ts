import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode } from '@twostep/shared';
import type { Clock } from '../../core/clock.js';
import { DomainError } from '../../core/errors.js';
import type { DomainEvents } from '../../core/events/domain-events.js';
import { AuditAction, type AuditService } from '../audit/index.js';
import { requireOwnTwoFactor, type OrganizationActor } from '../access/index.js';
import { setTwoFactorRequirement } from '../organizations/index.js';

/**
 * The requirement switch. One conditional update of the organization row, whatever its size:
 * nobody's membership is written; the gate derives who is blocked at each request.
 */
export class SecurityPolicyService {
  constructor(private readonly deps: { clock: Clock; audit: AuditService; events: DomainEvents }) {}

  /** Returns whether anything changed (the same value twice changes nothing and audits nothing). */
  async setRequirement(em: EntityManager, actor: OrganizationActor, required: boolean, confirm: boolean): Promise<boolean> {
    if (confirm !== true) throw new DomainError(ErrorCode.CONFIRMATION_REQUIRED, 'Confirm the change of the requirement.');
    requireOwnTwoFactor(actor, 'changing the requirement');
    const now = this.deps.clock.now();
    const changed = await em.transactional(async (tx) => {
      const set = { organizationId: actor.organizationId, required, at: now, byUserId: actor.userId, byTokenId: actor.tokenId };
      if (!(await setTwoFactorRequirement(tx, set))) return false;
      this.deps.audit.record(tx, {
        organizationId: actor.organizationId,
        action: required ? AuditAction.REQUIREMENT_ENABLED : AuditAction.REQUIREMENT_DISABLED,
        actor: actor.audit,
      });
      if (actor.tokenId) {
        this.deps.audit.record(tx, {
          organizationId: actor.organizationId,
          action: AuditAction.TOKEN_USED_POLICY_WRITE,
          actor: actor.audit,
          data: { required },
        });
      }
      await tx.flush();
      return true;
    });
    if (changed) {
      this.deps.events.publish({
        type: 'policyChanged',
        organizationId: actor.organizationId,
        twoFactorRequired: required,
        changedBy: actor.userId ?? actor.tokenId,
      });
    }
    return changed;
  }
}

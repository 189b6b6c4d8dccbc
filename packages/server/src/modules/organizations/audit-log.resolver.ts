import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Scope } from '@twostep/shared';
import type { Context } from '../../core/graphql/context.js';
import { pageSize } from '../../core/graphql/pagination.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize, Permission } from '../access/index.js';
import { AuditLogConnection, AuditLogFilter, queryAuditLog } from '../audit/index.js';
import { Organization as OrganizationNode } from './organization.types.js';

/** The organization's audit log, read through the audit module (which owns the table). */
@Resolver(() => OrganizationNode)
export class AuditLogResolver {
  @FieldResolver(() => AuditLogConnection, {
    description:
      'The organization’s audit log, newest first. The policy history is `filter: { actions: [REQUIREMENT_ENABLED, REQUIREMENT_DISABLED] }`.',
  })
  @Integration(Scope.AUDIT_READ)
  async auditLog(
    @Root() organization: OrganizationNode,
    @Ctx() { em, principal }: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter?: AuditLogFilter | null,
  ): Promise<AuditLogConnection> {
    await authorize(em, principal, organization.id, Permission.READ_AUDIT);
    return queryAuditLog(em, organization.id, pageSize(first), after, filter);
  }
}

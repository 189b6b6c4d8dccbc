import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import { Viewer, ViewerMembership } from '../accounts/index.js';
import { membershipsOf } from './memberships.js';

/** The viewer's organizations, with their role and kind in each, beside the profile accounts gives. */
@Resolver(() => Viewer)
export class ViewerMembershipsResolver {
  @FieldResolver(() => [ViewerMembership])
  async memberships(@Root() viewer: Viewer, @Ctx() { em }: Context): Promise<ViewerMembership[]> {
    const rows = await membershipsOf(em, viewer.id);
    return rows.map((r) => ({
      organization: {
        id: r.id,
        name: r.name,
        twoFactorRequired: r.twoFactorRequired,
        twoFactorRequiredSince: r.twoFactorRequired ? r.policyChangedAt : null,
        requiredFrom: r.twoFactorRequired ? null : r.requiredFrom,
        allowedMethods: r.allowedMethods,
      },
      role: r.role,
      kind: r.kind,
      joinedAt: r.joinedAt,
    }));
  }
}

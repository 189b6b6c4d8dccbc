import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { Integration } from '../../core/graphql/surface.js';
import { authorize } from './organization-access.js';
import { Organization } from './organization.types.js';
import { Permission } from './permissions.js';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, {
    description: 'An organization of the viewer (or of the integration token). Each field checks its own permission.',
  })
  @Integration()
  async organization(@Arg('id', () => ID) id: string, @Ctx() { em, principal, services }: Context): Promise<Organization> {
    const access = await authorize(em, principal, id, Permission.VIEW_ORGANIZATION);
    return services.organizations.load(em, access.organizationId);
  }
}

import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import type { SessionService } from './session.service.js';
import { sql } from '../../core/database/sql.js';
import { sessionOf } from '../../core/graphql/guards.js';
import { accessOf } from './access.js';
import { App } from '../../core/graphql/surface.js';
import { SessionInfo, Viewer, ViewerMembership } from './accounts.types.js';

export interface ViewerResolverDeps {
  sessions: SessionService;
}

@Resolver(() => Viewer)
export class ViewerResolver {
  constructor(private readonly deps: ViewerResolverDeps) {}

  @Query(() => Viewer, { description: 'Who is signed in. Reachable by the apps and while blocked.' })
  @App()
  viewer(@Ctx() { principal }: Context): Viewer {
    const me = sessionOf(principal);
    return {
      id: me.userId,
      email: me.email,
      displayName: me.displayName,
      client: me.client,
      twoFactorEnabled: me.twoFactorEnabled,
      access: accessOf(me),
    };
  }

  @FieldResolver(() => [ViewerMembership])
  async memberships(@Root() viewer: Viewer, @Ctx() { em }: Context): Promise<ViewerMembership[]> {
    const rows = await sql<{
      id: string;
      name: string;
      two_factor_required: boolean;
      policy_changed_at: Date | null;
      role: string;
      kind: string;
      joined_at: Date;
    }>(
      em,
      `select o.id, o.name, o.two_factor_required, o.policy_changed_at, m.role, m.kind, m.joined_at
       from membership m join organization o on o.id = m.organization_id where m.user_id = ? order by o.name`,
      [viewer.id],
    );
    return rows.map((r) => ({
      organization: {
        id: r.id,
        name: r.name,
        twoFactorRequired: r.two_factor_required,
        twoFactorRequiredSince: r.two_factor_required && r.policy_changed_at ? new Date(r.policy_changed_at) : null,
      },
      role: r.role as ViewerMembership['role'],
      kind: r.kind as ViewerMembership['kind'],
      joinedAt: new Date(r.joined_at),
    }));
  }

  @FieldResolver(() => [SessionInfo])
  async sessions(@Root() viewer: Viewer, @Ctx() { em, principal }: Context): Promise<SessionInfo[]> {
    const current = sessionOf(principal).sessionId;
    const sessions = await this.deps.sessions.list(em, viewer.id);
    return sessions.map((s) => ({
      id: s.id,
      client: s.client,
      userAgent: s.userAgent ?? null,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      current: s.id === current,
    }));
  }
}

import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import type { SessionService } from './session.service.js';
import { sessionOf } from '../../core/graphql/guards.js';
import { accessOf } from './access.js';
import { App } from '../../core/graphql/surface.js';
import { SessionInfo, Viewer } from './accounts.types.js';

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

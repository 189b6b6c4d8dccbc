import type { GraphQLSchema } from 'graphql';
import type { PubSub } from 'type-graphql';
import type { Context } from '../core/graphql/context.js';
import { freshCallerPerMutationField } from '../core/graphql/fresh-caller.js';
import { buildTwostepSchema, wireSubscriptions } from '../core/graphql/schema.js';
import { createGate, type Gate } from '../core/graphql/gate.js';
import { buildSurfaceMap } from '../core/graphql/surface.js';
import { judgeReach } from '../modules/access/index.js';
import { liveSubscriptions } from '../modules/live/index.js';
import { resolverInstances, resolvers } from './resolvers.js';
import type { Services } from './services.js';

/**
 * The executable schema: every resolver constructed with its services, the subscriptions' streams
 * from the live service, the gate (the surface map judged by the access module), and a fresh caller for each root
 * mutation field after the first.
 */
export async function executableSchema(services: Services, pubSub: PubSub): Promise<{ schema: GraphQLSchema; gate: Gate }> {
  const schema = await buildTwostepSchema(resolvers, { pubSub, instances: resolverInstances(services) });
  wireSubscriptions<Context>(schema, liveSubscriptions(services.live));
  const gate = createGate(schema, buildSurfaceMap(schema), judgeReach);
  freshCallerPerMutationField(schema, gate);
  return { schema, gate };
}

import 'reflect-metadata';
import { specifiedDirectives, type GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType, type NonEmptyArray, type PubSub } from 'type-graphql';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { surfaceDirectives } from './surface.js';

/**
 * Builds the executable schema from the resolvers of every module. `instances` are the resolvers
 * the composition root constructed with their services; without them (printing the schema, the
 * classification walk) nothing resolves.
 */
export async function buildTwostepSchema(
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own resolver type
  resolvers: NonEmptyArray<Function>,
  options: { pubSub?: PubSub; instances?: ReadonlyMap<unknown, object> } = {},
): Promise<GraphQLSchema> {
  const { pubSub, instances } = options;
  const container: ContainerType = {
    get(resolverClass: { name: string }) {
      const instance = instances?.get(resolverClass);
      if (!instance) throw new Error(`no instance of ${resolverClass.name}: construct it in composition/resolvers.ts`);
      return instance;
    },
  };
  return buildSchema({
    resolvers,
    // GraphQL's own directives (`@include`, `@skip`, `@deprecated`, …) besides ours: a list given
    // here replaces the defaults, and clients use `@include` and `@skip` in their documents.
    directives: [...specifiedDirectives, ...surfaceDirectives],
    validate: false,
    container,
    ...(pubSub ? { pubSub } : {}),
  });
}

/** A subscription field's source stream, given its arguments and the request context. */
export type SubscribeFn<Context> = (
  args: Record<string, unknown>,
  context: Context,
) => AsyncIterable<unknown> | Promise<AsyncIterable<unknown>>;

/**
 * Sets each Subscription field's source stream from `streams` (the decorators cannot reach the
 * services that make them). Every subscription field must be wired, and nothing else.
 */
export function wireSubscriptions<Context>(schema: GraphQLSchema, streams: Record<string, SubscribeFn<Context>>): void {
  const fields = schema.getSubscriptionType()?.getFields() ?? {};
  const missing = Object.keys(fields).filter((name) => !streams[name]);
  const unknown = Object.keys(streams).filter((name) => !fields[name]);
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(`subscriptions wired wrongly: missing ${missing.join(', ') || 'none'}; unknown ${unknown.join(', ') || 'none'}`);
  }
  for (const [name, field] of Object.entries(fields)) {
    const subscribe = streams[name]!;
    field.subscribe = (_root, args: Record<string, unknown>, context: Context) => subscribe(args, context);
  }
}

/** The schema as committed in `schema.graphql`, with the surface directives printed on each field. */
export function printTwostepSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(schema).trim()}\n`;
}

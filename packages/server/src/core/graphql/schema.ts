import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray, type PubSub } from 'type-graphql';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { surfaceDirectives } from './surface.js';

/** Builds the executable schema from the resolvers of every module. */
export async function buildTwostepSchema(
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own resolver type
  resolvers: NonEmptyArray<Function>,
  pubSub?: PubSub,
): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    directives: surfaceDirectives,
    validate: false,
    ...(pubSub ? { pubSub } : {}),
  });
}

/** The schema as committed in `schema.graphql`, with the surface directives printed on each field. */
export function printTwostepSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(schema).trim()}\n`;
}

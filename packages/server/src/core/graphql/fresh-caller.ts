import { defaultFieldResolver, Kind, type DocumentNode, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import type { Gate } from './gate.js';

/** How many root mutation fields of each request have started. */
const started = new WeakMap<object, number>();
/** The document an operation came in, rebuilt once per operation for the gate. */
const documents = new WeakMap<object, DocumentNode>();

function documentOf(info: GraphQLResolveInfo): DocumentNode {
  let document = documents.get(info.operation);
  if (!document) {
    document = { kind: Kind.DOCUMENT, definitions: [info.operation, ...Object.values(info.fragments)] };
    documents.set(info.operation, document);
  }
  return document;
}

/**
 * A mutation's root fields run one after another, and an earlier one may change who the caller is:
 * remove their last second factor, leave an organization, lose a role. Every check of the caller's
 * 2FA, block, role and membership reads the request's principal, so before each root mutation field
 * after the first, the principal is read again from the database and the gate runs again on the
 * whole document (SECURITY.md 31). One statement per extra field; a single-field mutation (every
 * console operation) pays nothing. Over HTTP and the WebSocket alike: both execute this schema.
 */
export function freshCallerPerMutationField(schema: GraphQLSchema, gate: Gate): void {
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context: Context, info) => {
      const before = started.get(context) ?? 0;
      started.set(context, before + 1);
      if (before > 0 && context.reauthenticate) {
        context.principal = await context.reauthenticate();
        gate(documentOf(info), context.principal);
      }
      return resolve(source, args, context, info);
    };
  }
}

import { TypeInfo, visit, visitWithTypeInfo, isObjectType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { Surface } from '@twostep/shared';
import type { Principal } from './principal.js';
import type { FieldSurface, SurfaceMap } from './surface.js';

/** A field the map does not know is on the web surface only (deny by default). */
const unknownField: FieldSurface = { surfaces: new Set([Surface.WEB]) };

/** What a document reaches: the surface of every field it selects (each distinct one once), and the scopes they name. */
export interface Reach {
  fields: FieldSurface[];
  scopes: ReadonlySet<string>;
}

/** Decides whether a caller may run a document that reaches this; throws the refusal. */
export type ReachJudge = (principal: Principal, reach: Reach) => void;

/** Refuses a document for a caller (throws), or lets it run. */
export type Gate = (document: DocumentNode, principal: Principal) => void;

/**
 * The gate: where the surface classification becomes enforcement. It walks the document once per
 * distinct document (every field at every depth, fragments included) — parsed documents are
 * immutable and both transports hand the same object for the same text — and asks `judge` (the
 * access module's surface rules) about every caller. It runs before anything executes, for HTTP
 * and the WebSocket alike. Deny by default: a field the map does not know is web.
 */
export function createGate(schema: GraphQLSchema, surfaces: SurfaceMap, judge: ReachJudge): Gate {
  const reachedBy = new WeakMap<DocumentNode, Reach>();
  const reachOf = (document: DocumentNode): Reach => {
    const known = reachedBy.get(document);
    if (known) return known;
    const typeInfo = new TypeInfo(schema);
    const fields = new Set<FieldSurface>();
    const scopes = new Set<string>();
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          if (node.name.value.startsWith('__')) return; // __typename; introspection has its own switch
          const parent = typeInfo.getParentType();
          if (!parent || !isObjectType(parent)) return;
          const surface = surfaces.get(`${parent.name}.${node.name.value}`) ?? unknownField;
          if (surface.scope) scopes.add(surface.scope);
          fields.add(surface);
        },
      }),
    );
    const reach = { fields: [...fields], scopes };
    reachedBy.set(document, reach);
    return reach;
  };
  // Named: the gate benchmark finds it by this name in CPU profiles.
  return function gateDocument(document, principal) {
    judge(principal, reachOf(document));
  };
}

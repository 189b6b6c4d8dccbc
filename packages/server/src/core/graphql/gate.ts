import { TypeInfo, visit, visitWithTypeInfo, isObjectType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ErrorCode, Surface } from '@twostep/shared';
import { DomainError, unauthenticated } from '../errors.js';
import { isBlocked, type Principal } from './principal.js';
import type { FieldSurface, SurfaceMap } from './surface.js';

/** A field the map does not know is on the web surface only (deny by default). */
const unknownField: FieldSurface = { surfaces: new Set([Surface.WEB]) };

interface Reached {
  schema: GraphQLSchema;
  /** The surface of every field the document selects, each distinct one once. */
  fields: FieldSurface[];
  scopes: Set<string>;
}

/**
 * What a document reaches, by document: parsed documents are immutable and Apollo Server hands
 * the same object for the same query text (its document cache), so the walk runs once per
 * distinct query, not once per request. Only the decision below depends on who asks.
 */
const reachedBy = new WeakMap<DocumentNode, Reached>();

function reachedFields(schema: GraphQLSchema, surfaces: SurfaceMap, document: DocumentNode): Reached {
  const known = reachedBy.get(document);
  if (known?.schema === schema) return known;
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
  const reached = { schema, fields: [...fields], scopes };
  reachedBy.set(document, reached);
  return reached;
}

/**
 * The gate: the one place where the surface classification becomes enforcement. It runs once per
 * operation, over the document (every field at every depth, fragments included), before anything
 * executes, for HTTP and WebSocket alike. Deny by default: a field the map does not know is web.
 */
export function gateDocument(schema: GraphQLSchema, surfaces: SurfaceMap, document: DocumentNode, principal: Principal): void {
  const { fields, scopes } = reachedFields(schema, surfaces, document);
  const denied = fields.filter((surface) => !allows(principal, surface));
  if (principal.kind === 'integration') {
    for (const scope of scopes) {
      if (!principal.scopes.has(scope as never)) {
        throw new DomainError(ErrorCode.SCOPE_REQUIRED, `This token lacks the scope ${scope}.`, { scope });
      }
    }
  }
  if (denied.length === 0) return;
  switch (principal.kind) {
    case 'anonymous':
      throw unauthenticated();
    case 'integration':
      throw new DomainError(ErrorCode.SURFACE_NOT_ALLOWED, 'Integration tokens cannot reach this field.');
    case 'session':
      if (principal.client !== 'WEB') {
        throw new DomainError(ErrorCode.SURFACE_NOT_ALLOWED, 'App tokens reach only the app surface.');
      }
      throw new DomainError(
        ErrorCode.TWO_FACTOR_REQUIRED,
        'An organization you belong to requires two-step verification. Set it up to continue.',
        { organizations: principal.requiringOrganizations },
      );
  }
}

function allows(principal: Principal, { surfaces }: FieldSurface): boolean {
  if (surfaces.has(Surface.PUBLIC)) return true;
  switch (principal.kind) {
    case 'anonymous':
      return false;
    case 'integration':
      return surfaces.has(Surface.INTEGRATION);
    case 'session':
      if (principal.client !== 'WEB') return surfaces.has(Surface.APP);
      if (isBlocked(principal)) return surfaces.has(Surface.WHILE_BLOCKED) || surfaces.has(Surface.APP);
      return true;
  }
}

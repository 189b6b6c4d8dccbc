import {
  DirectiveLocation,
  GraphQLDirective,
  GraphQLString,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { Directive } from 'type-graphql';
import { Surface, type Scope } from '@twostep/shared';

/**
 * Where each field may be reached. A field (or every field of a type) is marked with one of these
 * directives; a field without any is on the web surface only, refused to blocked users and to
 * app and integration tokens. The gate reads only this classification, so the schema file shows
 * in review exactly what each client can reach.
 */
const locations = [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT];

export const surfaceDirectives = [
  new GraphQLDirective({
    name: 'public',
    description: 'Reachable without signing in (sign-in, password reset, invitations).',
    locations,
  }),
  new GraphQLDirective({
    name: 'allowedWhileBlocked',
    description: 'Answers a web user whom an organization blocks until they set up 2FA.',
    locations,
  }),
  new GraphQLDirective({
    name: 'app',
    description: 'The app surface: reached by desktop and mobile tokens, never blocked.',
    locations,
  }),
  new GraphQLDirective({
    name: 'integration',
    description:
      'Reachable by an organization integration token. On a root field, `scope` names the scope the token needs; nested fields inherit it.',
    locations,
    args: { scope: { type: GraphQLString } },
  }),
];

// Decorators for resolvers and types; each one only adds the directive to the schema.
export const Public = (): MethodDecorator & ClassDecorator & PropertyDecorator => Directive('@public');
export const AllowedWhileBlocked = (): MethodDecorator & ClassDecorator & PropertyDecorator => Directive('@allowedWhileBlocked');
export const App = (): MethodDecorator & ClassDecorator & PropertyDecorator => Directive('@app');
export const Integration = (scope?: Scope): MethodDecorator & ClassDecorator & PropertyDecorator =>
  Directive(scope ? `@integration(scope: "${scope}")` : '@integration');

export interface FieldSurface {
  surfaces: ReadonlySet<Surface>;
  /** The scope an integration token needs for this field, if it names one. */
  scope?: Scope;
}

type AstHolder = {
  astNode?:
    | {
        directives?: readonly {
          name: { value: string };
          arguments?: readonly { name: { value: string }; value: { kind: string; value?: unknown } }[];
        }[];
      }
    | null
    | undefined;
};

function read(holder: AstHolder, into: Set<Surface>): Scope | undefined {
  let scope: Scope | undefined;
  for (const directive of holder.astNode?.directives ?? []) {
    switch (directive.name.value) {
      case 'public':
        into.add(Surface.PUBLIC);
        break;
      case 'allowedWhileBlocked':
        into.add(Surface.WHILE_BLOCKED);
        break;
      case 'app':
        into.add(Surface.APP);
        break;
      case 'integration': {
        into.add(Surface.INTEGRATION);
        const arg = directive.arguments?.find((a) => a.name.value === 'scope');
        if (arg && arg.value.kind === 'StringValue') scope = arg.value.value as Scope;
        break;
      }
      default:
        break;
    }
  }
  return scope;
}

export function fieldSurface(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): FieldSurface {
  const surfaces = new Set<Surface>([Surface.WEB]);
  const typeScope = read(type as AstHolder, surfaces);
  const fieldScope = read(field as AstHolder, surfaces);
  const scope = fieldScope ?? typeScope;
  return scope ? { surfaces, scope } : { surfaces };
}

/** `Type.field` → classification, computed once per schema. */
export type SurfaceMap = ReadonlyMap<string, FieldSurface>;

export function buildSurfaceMap(schema: GraphQLSchema): SurfaceMap {
  const map = new Map<string, FieldSurface>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      map.set(`${type.name}.${field.name}`, fieldSurface(type, field));
    }
  }
  return map;
}

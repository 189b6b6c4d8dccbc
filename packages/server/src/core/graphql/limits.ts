import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from '@twostep/shared';

/**
 * Document limits, the same over HTTP and the WebSocket: tokens (at parse), depth and aliases (at
 * validation). Page sizes are capped by each connection's arguments. Numbers are generous for the
 * console's own operations and far below what an attack needs.
 */
export const documentLimits = {
  maxTokens: 3000,
  maxDepth: 10,
  maxAliases: 15,
  maxBodyBytes: 100 * 1024,
  maxSocketPayloadBytes: 64 * 1024,
} as const;

export const parseOptions = { maxTokens: documentLimits.maxTokens } as const;

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
}

function depthOf(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): number {
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const below = selection.selectionSet ? depthOf(selection.selectionSet, fragments, seen) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue; // cycles are reported by graphql's own rule
      seen.add(name);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, seen));
      seen.delete(name);
    }
  }
  return deepest;
}

export const maxDepthRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(node) {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    const depth = depthOf(node.selectionSet, fragments, new Set());
    if (depth > documentLimits.maxDepth) {
      context.reportError(tooComplex(`The document is ${depth} levels deep; at most ${documentLimits.maxDepth} are allowed.`));
    }
  },
});

export const maxAliasesRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
  let aliases = 0;
  return {
    Field(node) {
      if (node.alias) aliases += 1;
    },
    Document: {
      leave() {
        if (aliases > documentLimits.maxAliases) {
          context.reportError(tooComplex(`The document has ${aliases} aliases; at most ${documentLimits.maxAliases} are allowed.`));
        }
      },
    },
  };
};

export const limitRules: ValidationRule[] = [maxDepthRule, maxAliasesRule];

import {
  GraphQLError,
  Kind,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from '@twostep/shared';

/**
 * Document limits, the same over HTTP and the WebSocket: tokens (at parse), fields (counted after
 * parsing, before validation: `measureDocument`), depth and aliases (at validation). Page sizes
 * are capped by each connection's arguments. Numbers are generous for the console's own
 * operations (its biggest: 90 fields, 12 in one selection, one name 4 times; a test keeps each
 * under a quarter of its limit) and far below what an attack needs.
 */
export const documentLimits = {
  maxTokens: 3000,
  maxDepth: 10,
  maxAliases: 15,
  /** Fields in the whole document, a fragment's counted at every spread (spreads count one too). */
  maxFields: 1000,
  /** Fields of one selection set, with those that merge into it (fragments, `a { x } a { y }`). */
  maxFieldsPerSelection: 100,
  /** Fields of one selection set that share a response name (and merge into one). */
  maxRepeatedField: 20,
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

/** Refused documents' stand-ins (`standInFor`), with the refusal each reports in validation. */
const standIns = new WeakMap<DocumentNode, GraphQLError>();

/**
 * A tiny document to validate instead of one `measureDocument` refused, so that the refusal comes
 * out of validation like any other limit's, without the cost. (Apollo offers no way to answer
 * between its parse and its validation; it validates the document its hook hands back.)
 */
export function standInFor(refusal: GraphQLError): DocumentNode {
  const document = parse('{ __typename }');
  standIns.set(document, refusal);
  return document;
}

const standInRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  Document(node) {
    const refusal = standIns.get(node);
    if (refusal) context.reportError(refusal);
  },
});

export const limitRules: ValidationRule[] = [maxDepthRule, maxAliasesRule, standInRule];

/** The fragments spread on the way to a selection, innermost first: spreading one of them again is a cycle. */
interface Via {
  fragment: string;
  outer: Via | undefined;
}

function spreadOnPath(via: Via | undefined, fragment: string): boolean {
  for (let at = via; at; at = at.outer) if (at.fragment === fragment) return true;
  return false;
}

/** A selection set to count, and how it was reached. */
interface Part {
  set: SelectionSetNode;
  via: Via | undefined;
}

/**
 * Counts what graphql-js's validation would compare. Its rule that fields can be merged compares
 * every two fields of a selection set that share a response name, and then their sub-selections
 * pairwise: 740 copies of `serverInfo { version }` (17 KB, under the token limit) cost it about
 * 0.3 s of the event loop. Here every selection set is walked once with the fields that merge into
 * it (from fragments, and from fields of the same name above), so the walk is linear in what it
 * counts, and it stops at the first limit. Within the limits the pairs validation compares are
 * at most `maxRepeatedField × maxFields`.
 */
class DocumentMeasure {
  private fields = 0;

  constructor(private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>) {}

  /** Counts the selection set the parts merge into, then each of its response names' sub-selections. */
  walk(parts: readonly Part[]): void {
    const byName = new Map<string, Part[]>();
    const repeats = new Map<string, number>();
    let width = 0;
    const collect = (set: SelectionSetNode, via: Via | undefined): void => {
      for (const selection of set.selections) {
        this.count();
        if (selection.kind === Kind.FIELD) {
          const name = (selection.alias ?? selection.name).value;
          width += 1;
          const seen = (repeats.get(name) ?? 0) + 1;
          repeats.set(name, seen);
          if (width > documentLimits.maxFieldsPerSelection) {
            throw tooComplex(`A selection has more than ${documentLimits.maxFieldsPerSelection} fields.`);
          }
          if (seen > documentLimits.maxRepeatedField) {
            throw tooComplex(`The field "${name}" is repeated more than ${documentLimits.maxRepeatedField} times in one selection.`);
          }
          if (!selection.selectionSet) continue;
          const parts = byName.get(name);
          if (parts) parts.push({ set: selection.selectionSet, via });
          else byName.set(name, [{ set: selection.selectionSet, via }]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet, via);
        } else {
          const name = selection.name.value;
          const fragment = this.fragments.get(name);
          // Unknown fragments and cycles are graphql-js's own validation errors.
          if (!fragment || spreadOnPath(via, name)) continue;
          collect(fragment.selectionSet, { fragment: name, outer: via });
        }
      }
    };
    for (const part of parts) collect(part.set, part.via);
    for (const merged of byName.values()) this.walk(merged);
  }

  private count(): void {
    this.fields += 1;
    if (this.fields > documentLimits.maxFields) {
      throw tooComplex(`The document has more than ${documentLimits.maxFields} fields.`);
    }
  }
}

/**
 * The refusal (QUERY_TOO_COMPLEX) of a parsed document with too many fields, too many in one
 * selection, or one field repeated too often, or undefined: a cheap count made before validation,
 * so that no anonymous document spends validation's quadratic time. Over HTTP and the WebSocket.
 */
export function measureDocument(document: DocumentNode): GraphQLError | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value)) {
      fragments.set(definition.name.value, definition);
    }
  }
  const measure = new DocumentMeasure(fragments);
  try {
    // Fragment definitions are validated on their own as well, spread or not.
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) measure.walk([{ set: definition.selectionSet, via: undefined }]);
      else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        measure.walk([{ set: definition.selectionSet, via: { fragment: definition.name.value, outer: undefined } }]);
      }
    }
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  return undefined;
}

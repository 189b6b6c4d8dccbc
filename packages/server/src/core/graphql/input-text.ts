import { visit, type DocumentNode } from 'graphql';
import { badInput, type DomainError } from '../errors.js';

/**
 * Text that cannot be stored as it was sent is refused at the door, for HTTP and the WebSocket
 * alike, as bad input. PostgreSQL text cannot hold a NUL character: a value carrying one fails
 * inside the database as an internal error, after rate limits and attempt counters may already
 * have been written. A lone UTF-16 surrogate (half of a pair, which JSON's `"\ud800"` escape
 * makes) is not Unicode: on its way to the database it silently becomes U+FFFD, so what is stored
 * is not what was checked. No field needs either. (A lone surrogate in the document's own text
 * never gets here: graphql-js's lexer refuses it, and core/errors.ts reports that as bad input.)
 */
export function refuseUnfitText(document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined): void {
  const field = unfitIn(variables ?? {}, '');
  if (field !== undefined) throw unfitError(field);
  visit(document, {
    StringValue(node) {
      if (isUnfit(node.value)) throw unfitError('query');
    },
  });
}

/** A high surrogate without a low one after it, or a low one without a high one before it. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const isUnfit = (text: string): boolean => text.includes('\u0000') || loneSurrogate.test(text);

function unfitError(field: string): DomainError {
  return badInput(field, 'Text may not contain NUL characters or unpaired UTF-16 surrogates.');
}

/** The path of the first string (or object key) that is unfit, or undefined. */
function unfitIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isUnfit(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unfitIn(item, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (isUnfit(key)) return here;
      const found = unfitIn(item, here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

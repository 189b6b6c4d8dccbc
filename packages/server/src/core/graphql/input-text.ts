import { visit, type DocumentNode } from 'graphql';
import { badInput, type DomainError } from '../errors.js';

/**
 * PostgreSQL text cannot hold a NUL character: a value carrying one fails inside the database as
 * an internal error, after rate limits and attempt counters may already have been written. No
 * field needs it, so it is refused at the door, for HTTP and the WebSocket alike, as bad input.
 */
export function refuseNulCharacters(document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined): void {
  const field = nulIn(variables ?? {}, '');
  if (field !== undefined) throw nulError(field);
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) throw nulError('query');
    },
  });
}

function nulError(field: string): DomainError {
  return badInput(field, 'Text may not contain NUL characters.');
}

/** The path of the first string (or object key) holding a NUL, or undefined. */
function nulIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulIn(item, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return here;
      const found = nulIn(item, here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

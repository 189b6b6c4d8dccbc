/** Stands in for the server's limits module in the document-refusal scenario: the real one, without the count. */
// The query string keeps the real module from resolving to this stub again.
export * from '../../packages/server/dist/core/graphql/limits.js?bench-real';

/** Every document passes the count (local exports win over `export *`). */
export function measureDocument() {
  return undefined;
}

// The bench checks the server's log for this line, so a hook that failed to apply cannot pass unseen.
process.stderr.write('bench: document count disabled by bench/hooks/without-measure.mjs\n');

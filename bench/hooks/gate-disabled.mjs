/** Stands in for the server's gate in the gate scenario's comparison run: every document passes. */
export function createGate() {
  return () => {};
}

// The bench checks the server's log for this line, so a hook that failed to apply cannot pass unseen.
process.stderr.write('bench: gate disabled by bench/hooks/without-gate.mjs\n');

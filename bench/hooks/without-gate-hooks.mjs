// Module resolution hook (see without-gate.mjs): the server's gate module resolves to a no-op.
const stub = new URL('./gate-disabled.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.endsWith('/packages/server/dist/core/graphql/gate.js')) return { ...resolved, url: stub };
  return resolved;
}

// Module resolution hook (see without-measure.mjs): the server's limits module resolves to a copy
// whose `measureDocument` refuses nothing; everything else is the real module's.
const stub = new URL('./measure-disabled.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.endsWith('/packages/server/dist/core/graphql/limits.js')) return { ...resolved, url: stub };
  return resolved;
}

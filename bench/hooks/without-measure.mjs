// Bench only: `node --import ./bench/hooks/without-measure.mjs packages/server/dist/main.js` starts
// the real server with `measureDocument` (core/graphql/limits.js) letting every document through,
// as before issue 12's fix, so that the document-refusal scenario can show what the count saves.
// Nothing in the server reads a switch for this: production cannot turn the count off.
import { register } from 'node:module';

register('./without-measure-hooks.mjs', import.meta.url);

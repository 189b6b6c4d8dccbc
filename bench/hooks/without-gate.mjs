// Bench only: `node --import ./bench/hooks/without-gate.mjs packages/server/dist/main.js` starts the
// real server with its gate module (`core/graphql/gate.js`) replaced by one whose `createGate`
// makes a gate that lets every document through, so that the gate scenario can compare the same field answered with
// and without it. Nothing in the server reads a switch for this: production cannot turn the gate off.
import { register } from 'node:module';

register('./without-gate-hooks.mjs', import.meta.url);

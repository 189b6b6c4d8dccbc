import fc from 'fast-check';
import { getNamedType, isLeafType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchemaOnly, buildSurfaceMap } from '@twostep/server';
import { ErrorCode } from '@twostep/shared';
import { GraphQLClient } from '../support/graphql-client.js';
import { buildWorld, type CallerName, type World } from './support/fuzz-world.js';
import { mutationCases, type Case } from './support/mutation-cases.js';
import { tableSnapshot, type TableSnapshot } from './support/table-snapshot.js';

/**
 * SECURITY.md 27: bad input of any kind gets a clear error code and changes nothing. For every
 * mutation of the built schema, random hostile input (unicode, control characters, NUL, RTL,
 * emoji, empty and oversized values, malformed ids, ids of another organization) from every kind
 * of caller gets a stable, expected code, never INTERNAL_SERVER_ERROR, and every table is the
 * same after the request as before it. A mutation without generators fails the first test.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);

let world: World;
let schema: GraphQLSchema;
let snapshot: TableSnapshot;
const documented = new Set<string>(Object.values(ErrorCode));

beforeAll(async () => {
  schema = await buildSchemaOnly();
  world = await buildWorld();
  snapshot = await tableSnapshot((sql, params) => world.factory.query(sql, params));
}, 120_000);
afterAll(() => world?.server.stop());

/** `mutation($input: …!) { name(input: $input) { __typename } }`, from the schema itself. */
function documentFor(name: string): string {
  const field = schema.getMutationType()!.getFields()[name]!;
  const input = field.args.find((a) => a.name === 'input')!;
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `mutation($input: ${input.type.toString()}) { ${name}(input: $input)${selection} }`;
}

/** Callers the gate refuses for this mutation whatever the input, with the gate's code. */
function refusedCallers(name: string): [CallerName, string][] {
  const surface = buildSurfaceMap(schema).get(`Mutation.${name}`)!;
  const has = (s: string): boolean => (surface.surfaces as ReadonlySet<string>).has(s);
  if (has('PUBLIC')) return [];
  const refused: [CallerName, string][] = [['anonymous', ErrorCode.UNAUTHENTICATED]];
  if (!has('APP')) refused.push(['desktop', ErrorCode.SURFACE_NOT_ALLOWED]);
  if (!has('INTEGRATION')) refused.push(['membersToken', ErrorCode.SURFACE_NOT_ALLOWED]);
  else if (surface.scope && surface.scope !== 'members:read') refused.push(['membersToken', ErrorCode.SCOPE_REQUIRED]);
  if (!has('APP') && !has('WHILE_BLOCKED')) refused.push(['blocked', ErrorCode.TWO_FACTOR_REQUIRED]);
  return refused;
}

async function attempt(name: string, one: Case): Promise<void> {
  // Attempt counters are meant to count (SECURITY.md 4); start each run from zero so no run locks an account.
  await world.factory.query(`update "user" set factor_failures = 0, factor_locked_until = null where factor_failures > 0`);
  // Failed proofs count against the account's sign-in limit (issue 12); no run may exhaust it.
  await world.factory.query(`delete from rate_limit where key like 'sign-in:account:%'`);
  const before = await snapshot.take();
  const result = await new GraphQLClient(world.server.url).request(documentFor(name), { input: one.input }, world.callers[one.as]);
  const codes = (result.errors ?? []).map((e) => String(e.extensions?.code));
  // Past the gate, text holding a NUL or a lone surrogate is refused at the door, before the checks a case expects.
  // JSON.stringify writes a NUL and a lone UTF-16 surrogate as escapes (a paired one stays as it is).
  const unfitText = /\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(one.input));
  const expected = !one.refused && unfitText ? [...one.expect, ErrorCode.BAD_USER_INPUT] : one.expect;
  const story = `${name} as ${one.as} with ${JSON.stringify(one.input).slice(0, 300)} → ${JSON.stringify(result.errors ?? result.data).slice(0, 300)}`;
  if (codes.length === 0) {
    expect(one.answers, `answered: ${story}`).toBe(true);
  } else {
    for (const code of codes) {
      expect(code, story).not.toBe(ErrorCode.INTERNAL_SERVER_ERROR);
      expect(documented.has(code), story).toBe(true);
      expect(expected, story).toContain(code);
    }
  }
  expect(await snapshot.take(), `changed the database: ${story}`).toEqual(before);
}

describe('every mutation’s input', () => {
  it('has generators (or an explicit exemption) for every mutation of the schema', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    const covered = Object.keys(mutationCases).sort();
    expect(covered).toEqual(mutations);
    for (const [name, cases] of Object.entries(mutationCases)) {
      const field = schema.getMutationType()!.getFields()[name]!;
      const hasInput = field.args.some((a) => a.name === 'input');
      expect(typeof cases === 'function', `${name}: ${hasInput ? 'takes input and needs generators' : 'takes no input'}`).toBe(hasInput);
    }
  });

  it('fingerprints every table that holds state', () => {
    for (const table of ['user', 'session', 'membership', 'organization', 'invitation', 'integration_token', 'alert']) {
      expect(snapshot.tables).toContain(table);
    }
    for (const table of ['alert_campaign', 'mail_message', 'audit_event', 'totp_method', 'recovery_code', 'one_time_token']) {
      expect(snapshot.tables).toContain(table);
    }
  });

  for (const [name, cases] of Object.entries(mutationCases)) {
    if (typeof cases !== 'function') continue;
    it(`${name}: a stable code and no change, for ${RUNS} hostile inputs`, async () => {
      const refused = refusedCallers(name);
      const own = cases(world);
      const arbitrary =
        refused.length === 0
          ? own
          : fc.oneof(
              { weight: 4, arbitrary: own },
              {
                weight: 1,
                arbitrary: fc
                  .tuple(fc.constantFrom(...refused), own)
                  .map(([[as, code], one]): Case => ({ as, input: one.input, expect: [code], refused: true })),
              },
            );
      await fc.assert(
        fc.asyncProperty(arbitrary, (one) => attempt(name, one)),
        { numRuns: RUNS },
      );
    }, 60_000);
  }
});

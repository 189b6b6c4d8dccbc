import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@twostep/shared';
import { type GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { hostileText, malformedId, unknownId } from './support/hostile-input.js';
import { tableSnapshot, type TableSnapshot } from './support/table-snapshot.js';

/**
 * SECURITY.md 27 for the arguments of queries: hostile ids, filters, searches, page sizes and
 * forged cursors get data or a stable code (never INTERNAL_SERVER_ERROR), and reading writes nothing.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const { BAD_USER_INPUT: BAD, NOT_FOUND, TOKEN_INVALID } = ErrorCode;

const world = useTestServer({ mailWorkers: false, campaignWorkers: false });
let admin: GraphQLClient;
let orgA: { id: string };
let orgB: { id: string };
let memberId: string;
let snapshot: TableSnapshot;

beforeAll(async () => {
  orgA = await world.factory.organization('Query Org');
  orgB = await world.factory.organization('Other Query Org');
  const user = await world.factory.user({ twoFactor: true });
  await world.factory.member(orgA.id, user.id, 'ADMINISTRATOR');
  await world.factory.bulkMembers(orgA.id, 30);
  admin = await world.factory.client(user);
  const [member] = await world.factory.query(`select user_id from membership where organization_id = ? and user_id <> ? limit 1`, [
    orgA.id,
    user.id,
  ]);
  memberId = member!.user_id as string;
  await admin.ok(`mutation($input: SendAlertInput!) { sendAlert(input: $input) { id } }`, {
    input: { organizationId: orgA.id, userId: memberId, confirm: true },
  });
  snapshot = await tableSnapshot((sql, params) => world.factory.query(sql, params));
}, 60_000);

const cursorOf = (parts: unknown): string => Buffer.from(JSON.stringify(parts)).toString('base64url');

/** Cursors a client could forge: garbage, well-formed ones around hostile values, out-of-range numbers. */
const forgedCursor = fc.oneof(
  hostileText,
  fc.tuple(fc.jsonValue(), fc.jsonValue()).map(cursorOf),
  fc.tuple(fc.oneof(hostileText, fc.integer(), fc.boolean(), fc.constant(null)), fc.uuid()).map(cursorOf),
  fc.tuple(fc.oneof(hostileText, fc.constantFrom('9'.repeat(30), '-1', '1e309', '00')), fc.constant(null)).map(([v]) => cursorOf([v])),
  fc.jsonValue().map((v) => cursorOf([v])),
);
const page = fc.option(fc.integer({ min: -5, max: 500 }));

interface Query {
  query: string;
  variables: Record<string, unknown>;
  /** Codes a refusal may carry. */
  expect: readonly string[];
}

const organizationId = (): fc.Arbitrary<{ id: string; expect: readonly string[] }> =>
  fc.oneof(
    malformedId.map((id) => ({ id, expect: [BAD] })),
    fc.oneof(unknownId, fc.constant(orgB.id)).map((id) => ({ id, expect: [NOT_FOUND] })),
  );

function queries(): fc.Arbitrary<Query> {
  return fc.oneof(
    organizationId().map((o) => ({
      query: `query($id: ID!) { organization(id: $id) { name } }`,
      variables: { id: o.id },
      expect: o.expect,
    })),
    fc
      .record({
        orderBy: fc.option(
          fc.record({ field: fc.constantFrom('NAME', 'EMAIL', 'JOINED_AT', 'TWO_FACTOR'), direction: fc.constantFrom('ASC', 'DESC') }),
        ),
        filter: fc.option(
          fc.record(
            {
              search: hostileText,
              twoFactor: fc.constantFrom('ENABLED', 'DISABLED'),
              role: fc.constantFrom('LEGAL_REPRESENTATIVE', 'ADMINISTRATOR', 'USER'),
              kind: fc.constantFrom('INTERNAL', 'EXTERNAL'),
            },
            { requiredKeys: [] },
          ),
        ),
        after: fc.option(forgedCursor),
        first: page,
      })
      .map((variables) => ({
        query: `query($id: ID!, $orderBy: MemberOrder, $filter: MemberFilter, $after: String, $first: Int) { organization(id: $id) {
          members(orderBy: $orderBy, filter: $filter, after: $after, first: $first) { totalCount edges { cursor node { id } } pageInfo { endCursor } } } }`,
        variables: { id: orgA.id, ...variables },
        expect: [BAD],
      })),
    fc
      .record({
        userId: fc.oneof(malformedId, unknownId, fc.constant(memberId)),
        last: fc.integer({ min: -1_000_000, max: 1_000_000 }),
      })
      .map((variables) => ({
        query: `query($id: ID!, $userId: ID!, $last: Int!) { organization(id: $id) { member(userId: $userId) { id alerts(last: $last) { id } } } }`,
        variables: { id: orgA.id, ...variables },
        expect: [BAD, NOT_FOUND],
      })),
    fc
      .record({
        filter: fc.option(
          fc.record(
            {
              actions: fc.subarray(['ALERT_SENT', 'REQUIREMENT_ENABLED', 'MEMBER_JOINED']),
              targetUserId: fc.oneof(malformedId, unknownId, fc.constant(memberId)),
            },
            { requiredKeys: [] },
          ),
        ),
        after: fc.option(forgedCursor),
        first: page,
      })
      .map((variables) => ({
        query: `query($id: ID!, $filter: AuditLogFilter, $after: String, $first: Int) { organization(id: $id) {
          auditLog(filter: $filter, after: $after, first: $first) { edges { cursor node { action } } } } }`,
        variables: { id: orgA.id, ...variables },
        expect: [BAD],
      })),
    fc.oneof(malformedId, unknownId).map((id) => ({
      query: `query($id: ID!, $campaign: ID) { organization(id: $id) { alertCampaign(id: $campaign) { id } } }`,
      variables: { id: orgA.id, campaign: id },
      expect: [BAD, NOT_FOUND],
    })),
    fc
      .tuple(
        organizationId(),
        fc.constantFrom(
          `query($id: ID!) { memberListColumns(organizationId: $id) }`,
          `query($id: ID!) { integrationTokens(organizationId: $id) { id } }`,
          `query($id: ID!) { invitations(organizationId: $id) { id } }`,
        ),
      )
      .map(([o, query]) => ({ query, variables: { id: o.id }, expect: o.expect })),
    hostileText.map((token) => ({
      query: `query($token: String!) { invitationPreview(token: $token) { email } }`,
      variables: { token },
      expect: [TOKEN_INVALID, BAD],
    })),
  );
}

describe('every query’s arguments', () => {
  it(`answer with data or a stable code, and write nothing, for ${RUNS * 4} hostile queries`, async () => {
    await fc.assert(
      fc.asyncProperty(queries(), async ({ query, variables, expect: allowed }) => {
        const before = await snapshot.take();
        const result = await admin.request(query, variables);
        const story = `${query.replace(/\s+/g, ' ').slice(0, 120)} with ${JSON.stringify(variables).slice(0, 300)} → ${JSON.stringify(result.errors ?? 'data').slice(0, 300)}`;
        // A NUL or a lone UTF-16 surrogate (escapes in JSON) is refused at the door as BAD_USER_INPUT.
        const nul = /\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(variables));
        for (const error of result.errors ?? []) {
          expect([...allowed, ...(nul ? [BAD] : [])], story).toContain(error.extensions?.code);
        }
        expect(await snapshot.take(), `wrote: ${story}`).toEqual(before);
      }),
      { numRuns: RUNS * 4 },
    );
  }, 90_000);
});

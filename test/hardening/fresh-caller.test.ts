import { describe, expect, it } from 'vitest';
import { LiveClient, type LiveResult } from '../live/live-client.js';
import { type TestUser } from '../support/factory.js';
import { type GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';

/**
 * Issue 12, defect 3 (SECURITY.md 31): one document outwitted the "needs 2FA" checks. A legal
 * representative with 2FA sent `removeTotp`, `setTwoFactorRequirement` and `createIntegrationToken`
 * with POLICY_WRITE in one mutation; all three succeeded because the later fields read the 2FA
 * state loaded at the start of the request, and she ended without 2FA holding a policy:write token.
 * Every root mutation field after the first now sees what the earlier ones changed.
 */
const OUTWIT = `mutation($org: ID!, $proof: ProofInput!) {
  removeTotp(input: { proof: $proof })
  setTwoFactorRequirement(input: { organizationId: $org, required: true, confirm: true }) { twoFactorRequired }
  createIntegrationToken(input: { organizationId: $org, name: "lifter", scopes: [POLICY_WRITE] }) { token }
}`;
/** The token first: a failed non-null field ends a mutation, so each check gets a document of its own. */
const OUTWIT_TOKEN = `mutation($org: ID!, $proof: ProofInput!) {
  removeTotp(input: { proof: $proof })
  createIntegrationToken(input: { organizationId: $org, name: "lifter", scopes: [POLICY_WRITE] }) { token }
}`;
const DEMOTE_THEN_INVITE = `mutation($org: ID!, $me: ID!) {
  changeMemberRole(input: { organizationId: $org, userId: $me, role: USER }) { role }
  inviteMember(input: { organizationId: $org, email: "late@example.test", role: USER, kind: EXTERNAL }) { id }
}`;

const world = useTestServer();

/** A legal representative with 2FA, in an organization without the requirement (and a second one). */
async function legal(): Promise<{ org: { id: string }; lea: TestUser; web: GraphQLClient }> {
  const org = await world.factory.organization();
  const lea = await world.factory.user({ twoFactor: true });
  const other = await world.factory.user({ twoFactor: true });
  await world.factory.member(org.id, lea.id, 'LEGAL_REPRESENTATIVE');
  await world.factory.member(org.id, other.id, 'LEGAL_REPRESENTATIVE');
  return { org, lea, web: await world.factory.client(lea) };
}

/**
 * The second field fails (and, being non-null, ends the mutation and nulls `data`); the first one
 * did its work: she has no 2FA, and neither the requirement nor a token changed.
 */
function expectOutwitRefused(result: LiveResult, refusedField: string, after: Record<string, any>[]): void {
  expect(result.errors?.map((e: any) => [e.path?.[0], e.extensions?.code])).toEqual([[refusedField, 'ACTOR_TWO_FACTOR_REQUIRED']]);
  expect(after).toEqual([{ two_factor_enabled: false, two_factor_required: false, tokens: 0 }]);
}

const state = (orgId: string, userId: string) =>
  world.factory.query(
    `select u.two_factor_enabled, o.two_factor_required,
       (select count(*)::int from integration_token t where t.organization_id = o.id) as tokens
     from organization o, "user" u where o.id = ? and u.id = ?`,
    [orgId, userId],
  );

describe('later fields of one document see what earlier ones changed', () => {
  it('over HTTP: removing her last factor first leaves her no 2FA for the requirement and the token', async () => {
    const { org, lea, web } = await legal();
    const result = await web.request(OUTWIT, { org: org.id, proof: { password: lea.password } });
    expectOutwitRefused(result, 'setTwoFactorRequirement', await state(org.id, lea.id));
    const second = await legal();
    const token = await second.web.request(OUTWIT_TOKEN, { org: second.org.id, proof: { password: second.lea.password } });
    expectOutwitRefused(token, 'createIntegrationToken', await state(second.org.id, second.lea.id));
  });

  it('over the WebSocket alike', async () => {
    const { org, lea } = await legal();
    const socket = new LiveClient(world.url, { cookie: `twostep_session=${await world.factory.sessionToken(lea.id)}`, origin: world.url });
    try {
      const result = await socket.request(OUTWIT, { org: org.id, proof: { code: totpAt(lea.totpSecret!, world.clock.now()) } });
      expectOutwitRefused(result, 'setTwoFactorRequirement', await state(org.id, lea.id));
    } finally {
      await socket.dispose();
    }
  });

  it('a role given up in an earlier field is gone for the later ones', async () => {
    const { org, lea, web } = await legal();
    const result = await web.request(DEMOTE_THEN_INVITE, { org: org.id, me: lea.id });
    expect(result.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['inviteMember', 'FORBIDDEN']]);
    const [row] = await world.factory.query(`select role from membership where organization_id = ? and user_id = ?`, [org.id, lea.id]);
    expect(row?.role).toBe('USER');
    expect(await world.factory.query(`select 1 from invitation where organization_id = ?`, [org.id])).toHaveLength(0);
  });

  it('one field alone is unchanged: the caller is read once', async () => {
    const { org, web } = await legal();
    const result = await web.request(
      `mutation($org: ID!) { setTwoFactorRequirement(input: { organizationId: $org, required: true, confirm: true }) { twoFactorRequired } }`,
      { org: org.id },
    );
    expect(result.data?.setTwoFactorRequirement).toEqual({ twoFactorRequired: true });
  });
});

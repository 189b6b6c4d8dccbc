import { vi } from 'vitest';
import { Factory, type TestUser } from '../../support/factory.js';
import { GraphQLClient, type Credentials } from '../../support/graphql-client.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { totpAt } from '../../support/totp.js';
import { tokenOf } from '../../invitations/invitations.js';

/**
 * A small, fixed world for the property tests of every mutation's input: two organizations (the
 * second requires 2FA), people of every role, invitations and tokens in each state, a running
 * campaign, a pending enrollment and an open sign-in challenge. Background work is off (no mail
 * delivery, no campaign runner) and every credential has been used once, so nothing changes in
 * the database between two requests unless a request changes it.
 */
export type CallerName =
  | 'anonymous'
  | 'legal'
  | 'admin'
  | 'adminNo2fa'
  | 'plain'
  | 'member'
  | 'external'
  | 'enrolling'
  | 'outsider'
  | 'blocked'
  | 'desktop'
  | 'membersToken'
  | 'foreignToken';

export interface World {
  server: TestServer;
  factory: Factory;
  orgA: { id: string; name: string };
  orgB: { id: string; name: string };
  users: Record<Exclude<CallerName, 'anonymous' | 'desktop' | 'membersToken' | 'foreignToken'>, TestUser>;
  callers: Record<CallerName, Credentials>;
  pendingInvitation: { id: string; email: string };
  revokedInvitationId: string;
  legalInvitationId: string;
  foreignInvitationId: string;
  /** The link of an open invitation to an address without an account. */
  openInvitationToken: string;
  revokedTokenId: string;
  foreignTokenId: string;
  foreignSessionId: string;
  /** An open sign-in challenge of `plain`. */
  challenge: string;
  /** Every TOTP secret in the world, so generated codes can avoid the current ones. */
  secrets: string[];
}

const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id } }`;
const CREATE_TOKEN = `mutation($input: CreateIntegrationTokenInput!) { createIntegrationToken(input: $input) { token integrationToken { id } } }`;

export async function buildWorld(): Promise<World> {
  // No background worker writes between the snapshots: the history recorder would count the
  // setup's changes at any moment (a refused input queues nothing; the queue then stays as it is).
  const server = await startTestServer({}, { mailWorkers: false, campaignWorkers: false, historyWorkers: false });
  const factory = new Factory(server.app);
  const orgA = await factory.organization('Fuzz Org');
  const orgB = await factory.organization('Other Org', { twoFactorRequired: true });
  const users = {
    legal: await factory.user({ twoFactor: true }),
    admin: await factory.user({ twoFactor: true }),
    adminNo2fa: await factory.user(),
    plain: await factory.user({ twoFactor: true }),
    member: await factory.user(),
    external: await factory.user(),
    enrolling: await factory.user(),
    outsider: await factory.user({ twoFactor: true }),
    blocked: await factory.user(),
  };
  await factory.member(orgA.id, users.legal.id, 'LEGAL_REPRESENTATIVE');
  await factory.member(orgA.id, users.admin.id, 'ADMINISTRATOR');
  await factory.member(orgA.id, users.adminNo2fa.id, 'ADMINISTRATOR');
  await factory.member(orgA.id, users.plain.id, 'USER');
  await factory.member(orgA.id, users.member.id, 'USER');
  await factory.member(orgA.id, users.external.id, 'USER', 'EXTERNAL');
  await factory.member(orgA.id, users.enrolling.id, 'USER');
  await factory.member(orgB.id, users.outsider.id, 'LEGAL_REPRESENTATIVE');
  await factory.member(orgB.id, users.blocked.id, 'USER');

  const callers = { anonymous: {} } as Record<CallerName, Credentials>;
  for (const [name, user] of Object.entries(users)) {
    callers[name as CallerName] = { cookie: `twostep_session=${await factory.sessionToken(user.id, 'WEB')}` };
  }
  callers.desktop = { bearer: await factory.sessionToken(users.plain.id, 'DESKTOP') };
  const api = (as: CallerName): GraphQLClient => new GraphQLClient(server.url, callers[as]);

  const invite = async (as: CallerName, organizationId: string, email: string, role = 'USER'): Promise<string> =>
    (await api(as).ok(INVITE, { input: { organizationId, email, role, kind: 'INTERNAL' } })).inviteMember.id as string;
  const pendingEmail = `pending-${orgA.id.slice(0, 8)}@example.test`;
  const pendingInvitation = { id: await invite('legal', orgA.id, pendingEmail), email: pendingEmail };
  const revokedInvitationId = await invite('legal', orgA.id, `revoked-${orgA.id.slice(0, 8)}@example.test`);
  await api('legal').ok(`mutation($id: ID!) { revokeInvitation(input: { id: $id }) { id } }`, { id: revokedInvitationId });
  const legalInvitationId = await invite('legal', orgA.id, `heir-${orgA.id.slice(0, 8)}@example.test`, 'LEGAL_REPRESENTATIVE');
  const foreignInvitationId = await invite('outsider', orgB.id, `foreign-${orgB.id.slice(0, 8)}@example.test`);
  // The link as its invitee receives it (the mail record keeps the token sealed).
  await server.app.mailWorker.drain();
  const openInvitationToken = tokenOf(await server.smtp.waitFor((m) => m.to.includes(pendingEmail.toLowerCase())));

  const token = async (as: CallerName, organizationId: string, scopes: string[]): Promise<{ token: string; id: string }> => {
    const { createIntegrationToken } = await api(as).ok(CREATE_TOKEN, {
      input: { organizationId, name: `fuzz ${scopes.join(' ')}`, scopes },
    });
    return { token: createIntegrationToken.token, id: createIntegrationToken.integrationToken.id };
  };
  callers.membersToken = { bearer: (await token('legal', orgA.id, ['MEMBERS_READ'])).token };
  const revoked = await token('legal', orgA.id, ['AUDIT_READ']);
  await api('legal').ok(`mutation($input: RevokeIntegrationTokenInput!) { revokeIntegrationToken(input: $input) }`, {
    input: { organizationId: orgA.id, id: revoked.id },
  });
  const foreign = await token('outsider', orgB.id, ['MEMBERS_READ', 'AUDIT_READ', 'ALERTS_SEND', 'POLICY_WRITE', 'EVENTS_READ']);
  callers.foreignToken = { bearer: foreign.token };

  await api('admin').ok(`mutation($input: SendAlertInput!) { sendAlert(input: $input) { id } }`, {
    input: { organizationId: orgA.id, userId: users.member.id, confirm: true },
  });
  await api('legal').ok(`mutation($input: AlertAllInput!) { alertAllWithoutTwoFactor(input: $input) { id } }`, {
    input: { organizationId: orgA.id, confirm: true },
  });
  const enrollment = (await api('enrolling').ok(`mutation { startTotpEnrollment { secret } }`)).startTotpEnrollment.secret as string;
  const signIn = await api('anonymous').ok(
    `mutation($input: SignInInput!) { signIn(input: $input) { ... on SecondFactorRequired { challenge } } }`,
    { input: { email: users.plain.email, password: users.plain.password, client: 'DESKTOP' } },
  );
  const [foreignSession] = await factory.query(`select id from session where user_id = ?`, [users.outsider.id]);

  // Every session entered its password long ago: starting an enrollment asks for it again.
  await factory.query(`update session set password_at = password_at - interval '1 hour'`);

  // Use every credential once, and let the writes that follow a first use land before any snapshot.
  for (const as of ['membersToken', 'foreignToken'] as const) await api(as).request(`{ organization(id: "${orgA.id}") { id } }`);
  expect200(await api('blocked').request(`{ organization(id: "${orgB.id}") { name } }`));
  await settle(factory, orgB.id, users.blocked.id);

  return {
    server,
    factory,
    orgA,
    orgB,
    users,
    callers,
    pendingInvitation,
    revokedInvitationId,
    legalInvitationId,
    foreignInvitationId,
    openInvitationToken,
    revokedTokenId: revoked.id,
    foreignTokenId: foreign.id,
    foreignSessionId: foreignSession!.id as string,
    challenge: signIn.signIn.challenge as string,
    secrets: [...Object.values(users).flatMap((u) => (u.totpSecret ? [u.totpSecret] : [])), enrollment],
  };
}

function expect200(result: { status: number }): void {
  if (result.status !== 200) throw new Error(`unexpected status ${result.status}`);
}

/** Waits until tokens record their last use and the blocked member's block is recorded. */
async function settle(factory: Factory, blockedOrg: string, blockedUser: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const [row] = await factory.query(
        `select (select count(*)::int from integration_token where revoked_at is null and last_used_at is null) as unused,
                (select count(*)::int from membership where organization_id = ? and user_id = ? and blocked_at is null) as unblocked`,
        [blockedOrg, blockedUser],
      );
      if (row!.unused !== 0 || row!.unblocked !== 0) throw new Error('the world did not settle');
    },
    { timeout: 5_000, interval: 25 },
  );
}

/** True when `code` is a current (or previous-step) TOTP code of any secret in the world. */
export function isLiveCode(world: World, code: string): boolean {
  const now = world.server.clock.now();
  return world.secrets.some((secret) => [0, -1].some((offset) => totpAt(secret, now, offset) === code.trim()));
}

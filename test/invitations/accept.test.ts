import { describe, expect, it } from 'vitest';
import { GraphQLClient, sessionCookieFrom } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { ACCEPT, administered, auditRows, DAY_MS, invite, INVITE, newAddress, PREVIEW, sentTo, tokenOf } from './invitations.js';

const MEMBERSHIPS = `{ viewer { id email displayName memberships { organization { id name } role kind } } }`;
const PASSWORD = 'a long enough new password';
const CONSOLE = 'http://console.example.test';

const world = useTestServer({ env: { PUBLIC_URL: CONSOLE } });

describe('inviting someone new', () => {
  it('mails the invitation from the no-reply address; the link creates the account, signs it in, and works once', async () => {
    const team = await administered(world.factory, 'ADMINISTRATOR');
    const email = newAddress('New.Person');
    const { inviteMember } = await team.console.ok(INVITE, {
      input: { organizationId: team.organization.id, email, role: 'USER', kind: 'EXTERNAL' },
    });
    expect(inviteMember).toMatchObject({
      email,
      role: 'USER',
      kind: 'EXTERNAL',
      state: 'PENDING',
      invitedBy: { userId: team.admin.id, tokenId: null, name: team.admin.displayName },
      acceptedAt: null,
      revokedAt: null,
    });
    const now = world.clock.now().getTime();
    expect(new Date(inviteMember.expiresAt).getTime() - now).toBe(7 * DAY_MS);
    expect(inviteMember.lastSentAt).toBe(inviteMember.createdAt);

    const mail = await world.smtp.waitFor(sentTo(email));
    expect(mail.from).toMatch(/^no-reply@/);
    expect(mail.headers.from).toMatch(/no-reply@/);
    expect(mail.subject).toContain(team.organization.name);
    expect(mail.subject).toContain(team.admin.displayName);
    expect(mail.text).toContain(`${CONSOLE}/invitations/accept?token=tsv_`);
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    const token = tokenOf(mail);

    const stored = await world.factory.query(`select token_hash from invitation where id = ?`, [inviteMember.id]);
    expect(Buffer.from(stored[0]!.token_hash)).toHaveLength(32);
    expect(Buffer.from(stored[0]!.token_hash).toString('latin1')).not.toContain(token);

    const { invitationPreview } = await world.anonymous.ok(PREVIEW, { token });
    expect(invitationPreview).toEqual({
      organizationName: team.organization.name,
      email,
      role: 'USER',
      kind: 'EXTERNAL',
      expiresAt: inviteMember.expiresAt,
      invitedBy: team.admin.displayName,
      accountExists: false,
      twoFactorRequired: false,
    });

    const accepted = await world.anonymous.request(ACCEPT, { input: { token, displayName: 'New Person', password: PASSWORD } });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.acceptInvitation).toEqual({
      organizationId: team.organization.id,
      organizationName: team.organization.name,
      role: 'USER',
      kind: 'EXTERNAL',
      accountCreated: true,
      twoFactorRequired: false,
      twoFactorSetupRequired: false,
    });
    expect(accepted.setCookie).toMatch(/twostep_session=tsw_/);
    expect(accepted.setCookie).toMatch(/HttpOnly/i);
    expect(accepted.setCookie).toMatch(/SameSite=Lax/i);
    const newcomer = new GraphQLClient(world.url, { cookie: sessionCookieFrom(accepted.setCookie) });
    const { viewer } = await newcomer.ok(MEMBERSHIPS);
    expect(viewer).toMatchObject({ email, displayName: 'New Person' });
    expect(viewer.memberships).toEqual([
      { organization: { id: team.organization.id, name: team.organization.name }, role: 'USER', kind: 'EXTERNAL' },
    ]);

    const [membership] = await world.factory.query(`select role, kind from membership where organization_id = ? and user_id = ?`, [
      team.organization.id,
      viewer.id,
    ]);
    expect(membership).toEqual({ role: 'USER', kind: 'EXTERNAL' });
    const [row] = await world.factory.query(`select accepted_at, accepted_by_user_id from invitation where id = ?`, [inviteMember.id]);
    expect(row!.accepted_by_user_id).toBe(viewer.id);

    expect(await world.anonymous.code(ACCEPT, { input: { token, displayName: 'Someone Else', password: PASSWORD } })).toBe('TOKEN_INVALID');
    expect(await newcomer.code(ACCEPT, { input: { token } })).toBe('TOKEN_INVALID');
    expect(await world.anonymous.code(PREVIEW, { token })).toBe('TOKEN_INVALID');

    expect(await auditRows(world.factory, team.organization.id, ['INVITATION_CREATED', 'MEMBER_JOINED'])).toEqual([
      {
        action: 'INVITATION_CREATED',
        actor_user_id: team.admin.id,
        actor_token_id: null,
        target_user_id: null,
        data: { invitationId: inviteMember.id, email, role: 'USER', kind: 'EXTERNAL' },
      },
      {
        action: 'MEMBER_JOINED',
        actor_user_id: viewer.id,
        actor_token_id: null,
        target_user_id: viewer.id,
        data: { invitationId: inviteMember.id, role: 'USER', kind: 'EXTERNAL' },
      },
    ]);
  });

  it('asks a new account for a name and a valid password, and changes nothing until it gets them', async () => {
    const team = await administered(world.factory);
    const { token, email } = await invite(world.smtp, team);
    const attempts = [
      [{ token, password: PASSWORD }, 'displayName'],
      [{ token, displayName: 'Pat' }, 'password'],
      [{ token, displayName: 'Pat', password: 'short' }, 'password'],
      [{ token, displayName: '   ', password: PASSWORD }, 'displayName'],
    ] as const;
    for (const [input, field] of attempts) {
      const result = await world.anonymous.request(ACCEPT, { input });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(result.setCookie).toBeNull();
    }
    expect(await world.factory.query(`select id from "user" where lower(email) = lower(?)`, [email])).toHaveLength(0);
    expect((await world.anonymous.ok(PREVIEW, { token })).invitationPreview.email).toBe(email);
    await world.anonymous.ok(ACCEPT, { input: { token, displayName: 'Pat', password: PASSWORD } });
  });

  it('refuses unknown, malformed and oversized tokens alike', async () => {
    for (const token of ['', 'tsv_nope', 'x'.repeat(5000), `tsv_${'A'.repeat(43)}`]) {
      expect(await world.anonymous.code(PREVIEW, { token })).toBe('TOKEN_INVALID');
      expect(await world.anonymous.code(ACCEPT, { input: { token, displayName: 'X', password: PASSWORD } })).toBe('TOKEN_INVALID');
    }
  });
});

describe('inviting someone who has an account', () => {
  it('is accepted only by that account signed in on the web', async () => {
    const team = await administered(world.factory);
    const person = await world.factory.user();
    const other = await world.factory.user();
    const { token } = await invite(world.smtp, team, { email: person.email.toUpperCase(), role: 'ADMINISTRATOR' });
    expect((await world.anonymous.ok(PREVIEW, { token })).invitationPreview.accountExists).toBe(true);

    const refusal = await world.anonymous.request(ACCEPT, { input: { token, displayName: 'Impostor', password: PASSWORD } });
    expect(refusal.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', email: person.email.toUpperCase() });
    expect(refusal.errors?.[0]?.message).toBe(`Sign in as ${person.email.toUpperCase()} to accept`);
    expect(await (await world.factory.client(other)).code(ACCEPT, { input: { token } })).toBe('UNAUTHENTICATED');
    expect(await (await world.factory.client(person, 'DESKTOP')).code(ACCEPT, { input: { token } })).toBe('UNAUTHENTICATED');
    expect(await world.factory.query(`select 1 from membership where organization_id = ?`, [team.organization.id])).toHaveLength(1);

    const signedIn = await world.factory.client(person);
    const accepted = await signedIn.request(ACCEPT, { input: { token } });
    expect(accepted.data?.acceptInvitation).toMatchObject({ role: 'ADMINISTRATOR', kind: 'INTERNAL', accountCreated: false });
    expect(accepted.setCookie).toBeNull();
    const { viewer } = await signedIn.ok(MEMBERSHIPS);
    expect(viewer.memberships).toEqual([
      { organization: { id: team.organization.id, name: team.organization.name }, role: 'ADMINISTRATOR', kind: 'INTERNAL' },
    ]);
    expect(await signedIn.code(ACCEPT, { input: { token } })).toBe('TOKEN_INVALID');
  });

  it('lets exactly one of concurrent acceptances through', async () => {
    const team = await administered(world.factory);
    const person = await world.factory.user();
    const { token } = await invite(world.smtp, team, { email: person.email });
    const clients = await Promise.all(Array.from({ length: 6 }, () => world.factory.client(person)));
    const results = await Promise.all(clients.map((client) => client.request(ACCEPT, { input: { token } })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map((r) => r.errors?.[0]?.extensions?.code)).toEqual(Array(5).fill('TOKEN_INVALID'));
    expect(await auditRows(world.factory, team.organization.id, ['MEMBER_JOINED'])).toHaveLength(1);
  });

  it('refuses an address that is already a member, and an open invitation to the same address', async () => {
    const team = await administered(world.factory);
    const member = await world.factory.user();
    await world.factory.member(team.organization.id, member.id);
    const input = { organizationId: team.organization.id, role: 'USER', kind: 'INTERNAL' };
    const asMember = await team.console.request(INVITE, { input: { ...input, email: member.email.toUpperCase() } });
    expect(asMember.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });

    const { invitation, email } = await invite(world.smtp, team);
    const again = await team.console.request(INVITE, { input: { ...input, email: ` ${email.toUpperCase()} ` } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'email', invitationId: invitation.id });
    expect(again.errors?.[0]?.message).toMatch(/resend/i);
    expect(await world.factory.query(`select 1 from invitation where organization_id = ?`, [team.organization.id])).toHaveLength(1);
  });

  it('validates the address and the ids', async () => {
    const team = await administered(world.factory);
    for (const email of ['', 'not an address', 'a@b', `${'x'.repeat(250)}@example.test`]) {
      const result = await team.console.request(INVITE, {
        input: { organizationId: team.organization.id, email, role: 'USER', kind: 'INTERNAL' },
      });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    }
    const badRole = await team.console.code(INVITE, {
      input: { organizationId: team.organization.id, email: newAddress(), role: 'OWNER', kind: 'INTERNAL' },
    });
    expect(badRole).toBe('BAD_USER_INPUT');
    expect(
      await team.console.code(INVITE, { input: { organizationId: 'nope', email: newAddress(), role: 'USER', kind: 'INTERNAL' } }),
    ).toBe('BAD_USER_INPUT');
    expect(await world.factory.query(`select 1 from invitation where organization_id = ?`, [team.organization.id])).toHaveLength(0);
    expect(await world.factory.query(`select 1 from mail_message where data->>'organization' = ?`, [team.organization.name])).toHaveLength(
      0,
    );
  });
});

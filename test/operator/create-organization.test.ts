import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLClient, sessionCookieFrom } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { ACCEPT, INVITE, newAddress, PREVIEW, sentTo, tokenOf } from '../invitations/invitations.js';
import { dataDir, runCli } from './cli.js';

const CONSOLE = 'http://console.example.test';

const world = useTestServer();
let data: ReturnType<typeof dataDir>;
let env: Record<string, string>;

beforeAll(async () => {
  data = dataDir();
  env = { NODE_ENV: 'test', DATABASE_URL: world.server.databaseUrl, SMTP_URL: world.smtp.url, DATA_DIR: data.path, PUBLIC_URL: CONSOLE };
});
afterAll(() => data.remove());

async function counts(): Promise<Record<string, number>> {
  const [row] = await world.factory.query(
    `select (select count(*) from organization) as organizations, (select count(*) from invitation) as invitations,
       (select count(*) from mail_message) as mails, (select count(*) from audit_event) as audit`,
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

describe('twostep create-organization', () => {
  it('creates the organization and mails its first legal representative an invitation that works through the API', async () => {
    const email = newAddress('first.lr');
    const result = await runCli(['create-organization', '--name', 'Globex Corporation', '--legal-representative', email], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const link = /^(http:\/\/console\.example\.test\/invitations\/accept\?token=tsv_\S+)$/m.exec(result.stdout)?.[1];
    expect(link, result.stdout).toBeDefined();
    expect(result.stdout).toMatch(/the invitation mail was sent/);

    const mail = await world.smtp.waitFor(sentTo(email));
    expect(mail.from).toMatch(/^no-reply@/);
    expect(mail.subject).toBe('An operator invited you to Globex Corporation on Twostep');
    expect(mail.text).toContain('as a legal representative');
    const token = tokenOf(mail);
    expect(link).toBe(`${CONSOLE}/invitations/accept?token=${token}`);

    const [organization] = await world.factory.query(
      `select id, name, two_factor_required from organization where name = 'Globex Corporation'`,
    );
    expect(organization).toMatchObject({ two_factor_required: false });
    expect(result.stdout).toContain(organization!.id);
    const audit = await world.factory.query(
      `select action, actor_user_id, actor_token_id from audit_event where organization_id = ? order by id`,
      [organization!.id],
    );
    expect(audit).toEqual([
      { action: 'ORGANIZATION_CREATED', actor_user_id: null, actor_token_id: null },
      { action: 'INVITATION_CREATED', actor_user_id: null, actor_token_id: null },
    ]);

    const { invitationPreview } = await world.anonymous.ok(PREVIEW, { token });
    expect(invitationPreview).toMatchObject({
      organizationName: 'Globex Corporation',
      email,
      role: 'LEGAL_REPRESENTATIVE',
      kind: 'INTERNAL',
      invitedBy: null,
      accountExists: false,
    });
    const accepted = await world.anonymous.request(ACCEPT, {
      input: { token, displayName: 'Greta Globex', password: 'the first legal password' },
    });
    expect(accepted.data?.acceptInvitation).toMatchObject({
      organizationId: organization!.id,
      role: 'LEGAL_REPRESENTATIVE',
      kind: 'INTERNAL',
    });

    // The first legal representative can now run the organization: invite the next person.
    const lr = new GraphQLClient(world.url, { cookie: sessionCookieFrom(accepted.setCookie) });
    const next = await lr.ok(INVITE, {
      input: { organizationId: organization!.id, email: newAddress(), role: 'ADMINISTRATOR', kind: 'INTERNAL' },
    });
    expect(next.inviteMember.state).toBe('PENDING');
  });

  it.each([
    [['create-organization'], 2, 'USAGE'],
    [['create-organization', '--name', 'Initech'], 2, 'USAGE'],
    [['create-organization', '--name', 'Initech', '--legal-representative'], 2, 'USAGE'],
    [['create-organization', '--name', 'Initech', '--legal-representative', 'a@b.test', '--role', 'USER'], 2, 'USAGE'],
    [['create-organization', '--name', 'Initech', '--name', 'Other', '--legal-representative', 'a@b.test'], 2, 'USAGE'],
    [['create-organization', 'Initech', '--legal-representative', 'a@b.test'], 2, 'USAGE'],
    [['create-organization', '--name', 'Initech', '--legal-representative', 'not-an-address'], 2, 'BAD_USER_INPUT'],
    [['create-organization', '--name', '   ', '--legal-representative', 'a@b.test'], 2, 'USAGE'],
    [['create-organization', '--name', 'x'.repeat(101), '--legal-representative', 'a@b.test'], 2, 'BAD_USER_INPUT'],
    [['create-organisation', '--name', 'Initech'], 2, 'USAGE'],
    [['create-organization', '--name', 'Initech', '--legal-representative', 'a@b.test', '--kind', 'MAYBE'], 2, 'BAD_USER_INPUT'],
    [['create-organization', '--name', 'Initech', '--legal-representative', 'a@b.test', '--kind'], 2, 'USAGE'],
    [[], 2, 'USAGE'],
  ])('refuses %j with exit %i and %s, changing nothing', async (args, status, code) => {
    const before = await counts();
    const result = await runCli(args, env);
    expect(result.status).toBe(status);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^twostep: ${code}: `));
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await counts()).toEqual(before);
  });

  it('invites an account whose home is elsewhere as an EXTERNAL legal representative with --kind EXTERNAL', async () => {
    const home = await world.factory.organization();
    const person = await world.factory.user({ twoFactor: true });
    await world.factory.member(home.id, person.id, 'ADMINISTRATOR', 'INTERNAL');
    const result = await runCli(
      ['create-organization', '--name', 'Hooli Holdings', '--legal-representative', person.email, '--kind', 'EXTERNAL'],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/as its external legal representative/);
    const token = tokenOf(await world.smtp.waitFor(sentTo(person.email)));
    expect((await world.anonymous.ok(PREVIEW, { token })).invitationPreview).toMatchObject({ kind: 'EXTERNAL', accountExists: true });
    const signedIn = await world.factory.client(person);
    const { acceptInvitation } = await signedIn.ok(ACCEPT, { input: { token } });
    expect(acceptInvitation).toMatchObject({ role: 'LEGAL_REPRESENTATIVE', kind: 'EXTERNAL' });
  });

  it('refuses a second organization of the same name (CONFLICT, exit 1), changing nothing', async () => {
    await world.factory.organization('Umbrella Corporation');
    const before = await counts();
    const result = await runCli(['create-organization', '--name', 'umbrella corporation', '--legal-representative', newAddress()], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^twostep: CONFLICT: .*\(--name\)\n$/);
    expect(await counts()).toEqual(before);
  });

  it('stops with one line on a bad configuration, before touching anything', async () => {
    const result = await runCli(['create-organization', '--name', 'Initech', '--legal-representative', 'a@b.test'], {
      ...env,
      DATABASE_URL: 'mysql://nope',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^twostep: CONFIG: DATABASE_URL: .*\n$/);
  });

  it('prints the help with exit 0', async () => {
    const result = await runCli(['help'], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/create-organization --name <name> --legal-representative <email> \[--kind INTERNAL\|EXTERNAL\]/);
    expect(result.stdout).toMatch(/reset-member --email <email>/);
  });
});

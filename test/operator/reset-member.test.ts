import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';
import { totpAt } from '../support/totp.js';
import { DEMO } from '@twostep/server';
import { sentTo } from '../invitations/invitations.js';
import { dataDir, runCli } from './cli.js';

const VIEWER = `{ viewer { id twoFactorEnabled access { blocked } } }`;

const world = useTestServer();
let data: ReturnType<typeof dataDir>;
let env: Record<string, string>;

beforeAll(async () => {
  data = dataDir();
  env = { NODE_ENV: 'test', DATABASE_URL: world.server.databaseUrl, SMTP_URL: world.smtp.url, DATA_DIR: data.path };
});
afterAll(() => data.remove());

describe('twostep reset-member', () => {
  it('removes every second factor, ends every session, mails the notice and audits in each organization', async () => {
    const person = await world.factory.user({ twoFactor: true });
    const requiring = await world.factory.organization(undefined, { twoFactorRequired: true });
    const other = await world.factory.organization();
    await world.factory.member(requiring.id, person.id, 'LEGAL_REPRESENTATIVE', 'INTERNAL');
    await world.factory.member(other.id, person.id, 'USER', 'EXTERNAL');
    await world.factory.query(`insert into recovery_code (id, user_id, code_hash, created_at) values (gen_random_uuid(), ?, ?, now())`, [
      person.id,
      Buffer.alloc(32, 1),
    ]);
    expect(await world.factory.query(`select 1 from recovery_code where user_id = ?`, [person.id])).toHaveLength(1);
    const web = await world.factory.client(person);
    const desktop = await world.factory.client(person, 'DESKTOP');
    expect((await web.ok(VIEWER)).viewer.twoFactorEnabled).toBe(true);

    const result = await runCli(['reset-member', '--email', person.email.toUpperCase()], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Reset the second factors of ${person.email}; 2 sessions ended.`);
    expect(result.stdout).toContain('The notice was mailed.');

    const [user] = await world.factory.query(`select two_factor_enabled from "user" where id = ?`, [person.id]);
    expect(user!.two_factor_enabled).toBe(false);
    expect(await world.factory.query(`select 1 from totp_method where user_id = ?`, [person.id])).toHaveLength(0);
    expect(await world.factory.query(`select 1 from recovery_code where user_id = ?`, [person.id])).toHaveLength(0);
    expect(await world.factory.query(`select 1 from session where user_id = ? and revoked_at is null`, [person.id])).toHaveLength(0);
    expect(await web.code(VIEWER)).toBe('UNAUTHENTICATED');
    expect(await desktop.code(VIEWER)).toBe('UNAUTHENTICATED');

    const notice = await world.smtp.waitFor((m) => sentTo(person.email)(m) && /second factors were reset/.test(m.subject));
    expect(notice.from).toMatch(/^no-reply@/);
    expect(notice.text).toContain('An operator reset the second factors of your Twostep account.');

    const audit = await world.factory.query(
      `select organization_id, action, actor_user_id, actor_token_id, target_user_id, data from audit_event
       where target_user_id = ? and action = 'SECOND_FACTORS_RESET' order by organization_id`,
      [person.id],
    );
    expect(audit).toEqual(
      [requiring.id, other.id].sort().map((organizationId) => ({
        organization_id: organizationId,
        action: 'SECOND_FACTORS_RESET',
        actor_user_id: null,
        actor_token_id: null,
        target_user_id: person.id,
        data: { by: 'operator' },
      })),
    );

    // Signed in again, the person is blocked until they set up a new authenticator.
    const again = await world.factory.client(person);
    expect((await again.ok(VIEWER)).viewer).toMatchObject({ twoFactorEnabled: false, access: { blocked: true } });
  });

  it.each([
    [['reset-member'], 2, 'USAGE'],
    [['reset-member', '--email'], 2, 'USAGE'],
    [['reset-member', '--email', 'not an address'], 2, 'BAD_USER_INPUT'],
    [['reset-member', '--email', 'nobody@example.test'], 1, 'NOT_FOUND'],
    [['reset-member', '--user', 'nobody@example.test'], 2, 'USAGE'],
  ])('refuses %j with exit %i and %s, changing nothing', async (args, status, code) => {
    const person = await world.factory.user({ twoFactor: true });
    const web = await world.factory.client(person);
    const mails = world.smtp.messages.length;
    const result = await runCli(args, env);
    expect(result.status).toBe(status);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^twostep: ${code}: [^\\n]+\\n$`));
    expect((await web.ok(VIEWER)).viewer.twoFactorEnabled).toBe(true);
    expect(
      await world.factory.query(`select 1 from audit_event where action = 'SECOND_FACTORS_RESET' and target_user_id = ?`, [person.id]),
    ).toHaveLength(0);
    expect(world.smtp.messages.length).toBe(mails);
  });
});

describe('twostep demo-code', () => {
  it('prints the demo accounts’ current code', async () => {
    const before = new Date();
    const result = await runCli(['demo-code'], {});
    expect(result.status).toBe(0);
    const code = result.stdout.trim();
    expect(code).toMatch(/^\d{6}$/);
    expect([totpAt(DEMO.totpSecret, before), totpAt(DEMO.totpSecret, new Date())]).toContain(code);
    expect((await runCli(['demo-code', '--now'], {})).status).toBe(2);
  });
});

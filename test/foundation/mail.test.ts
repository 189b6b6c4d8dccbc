import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig, ManualClock, startTwostep } from '@twostep/server';
import { createTestDatabase } from '../support/database.js';
import { Factory } from '../support/factory.js';
import { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';

const RESET = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`;

describe('outgoing mail over SMTP', () => {
  const world = useTestServer();

  it('queues in the database and delivers to the SMTP server', async () => {
    const user = await world.factory.user();
    await world.anonymous.ok(RESET, { input: { email: user.email } });
    const mail = await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()));
    expect(mail.subject).toMatch(/Reset your Twostep password/);
    await expect
      .poll(async () => (await world.factory.query(`select state, attempts from mail_message where to_address = ?`, [user.email]))[0], {
        timeout: 5000,
      })
      .toMatchObject({
        state: 'SENT',
        attempts: 1,
      });
  });

  it('retries with backoff after a temporary failure, then records the delivery', async () => {
    const user = await world.factory.user();
    world.smtp.failNext = 1;
    await world.anonymous.ok(RESET, { input: { email: user.email } });
    await expect
      .poll(
        async () =>
          (await world.factory.query(`select state, attempts, last_error from mail_message where to_address = ?`, [user.email]))[0],
        { timeout: 5000 },
      )
      .toMatchObject({
        state: 'QUEUED',
        attempts: 1,
        last_error: expect.stringMatching(/451/),
      });
    expect(world.smtp.to(user.email)).toHaveLength(0);
    world.clock.advance(31_000);
    world.app.mailWorker.wake();
    await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()));
    await expect
      .poll(async () => (await world.factory.query(`select state, attempts from mail_message where to_address = ?`, [user.email]))[0], {
        timeout: 5000,
      })
      .toMatchObject({
        state: 'SENT',
        attempts: 2,
      });
  });
});

describe('without SMTP_URL', () => {
  it('writes each message as an .eml file in the data folder', async () => {
    const database = await createTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-eml-'));
    const app = await startTwostep({
      config: loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        DEMO: 'false',
        MAIL_POLL_MS: '25',
        LOG_LEVEL: 'fatal',
      }),
      clock: new ManualClock(),
    });
    try {
      const factory = new Factory(app);
      const user = await factory.user();
      await new GraphQLClient(app.url).ok(RESET, { input: { email: user.email } });
      // The file exists before it is written whole (`writeFile` creates it, then writes): wait for
      // the message's row to say it was delivered, which happens once the file is written.
      const state = async () => (await factory.query(`select state from mail_message where to_address = ?`, [user.email]))[0]?.state;
      await vi.waitFor(async () => expect(await state()).toBe('SENT'), { timeout: 5000 });
      const mailDir = path.join(dataDir, 'mail');
      await expect.poll(() => (fs.existsSync(mailDir) ? fs.readdirSync(mailDir) : []).length, { timeout: 5000 }).toBe(1);
      const file = fs.readdirSync(mailDir)[0]!;
      expect(file).toMatch(/\.eml$/);
      const eml = fs.readFileSync(path.join(mailDir, file), 'utf8');
      expect(eml).toContain(`To: ${user.email}`);
      expect(eml).toMatch(/Subject: Reset your Twostep password/);
    } finally {
      await app.stop();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a one-time link while its mail waits', () => {
  const world = useTestServer({ mailWorkers: false });

  it('is stored sealed, bound to its message, and gone once delivered; the link works', async () => {
    const user = await world.factory.user();
    await world.anonymous.ok(RESET, { input: { email: user.email } });
    await world.app.services.accounts.settled(); // the link is queued just after the answer
    const [queued] = await world.factory.query(`select id, data from mail_message where to_address = ?`, [user.email]);
    const stored = queued!.data as Record<string, string>;
    expect(stored.token).toBeUndefined();
    expect(stored.sealedToken).toMatch(/^[A-Za-z0-9+/]+=*$/);

    // Sealed for this message only: moved onto another message's row, it opens for nobody.
    await world.anonymous.ok(RESET, { input: { email: (await world.factory.user()).email } });
    await world.app.services.accounts.settled();
    await world.factory.query(`update mail_message set data = data || jsonb_build_object('sealedToken', ?::text) where id <> ?`, [
      stored.sealedToken,
      queued!.id,
    ]);
    await world.app.mailWorker.drain();
    const [moved] = await world.factory.query(`select state, last_error from mail_message where id <> ?`, [queued!.id]);
    expect(moved).toMatchObject({ state: 'QUEUED', last_error: expect.any(String) });

    const mail = world.smtp.to(user.email)[0]!;
    const token = decodeURIComponent(/reset-password\?token=([^\s]+)/.exec(mail.text)![1]!);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await world.factory.query(`select data from mail_message where id = ?`, [queued!.id])).toEqual([
      { data: { name: user.displayName } },
    ]);
    await world.anonymous.ok(`mutation($input: ResetPasswordInput!) { resetPassword(input: $input) }`, {
      input: { token, newPassword: 'a brand new long password' },
    });
  });
});

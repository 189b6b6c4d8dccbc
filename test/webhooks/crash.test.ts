import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect, createTestDatabase } from '../support/database.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { seedOrganization, startServerProcess, stopProcess, type ServerProcess } from '../hardening/support/processes.js';
import { Receiver, verify } from './receiver.js';

/**
 * Issue 16: a change's webhook is queued in the change's transaction, so SIGKILL between the change
 * and the delivery loses nothing. The dispatcher is held inside its transaction (a trigger that
 * sleeps), the process is killed there, and a new process delivers the event.
 */
const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }`;
const REQUIRE = `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired } }`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function graphql(url: string, cookie: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Record<string, any>;
}

describe('SIGKILL between a change and its webhook', () => {
  it('loses nothing: after a restart the event is delivered, signed', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const smtp = await new SmtpSink().start();
    cleanups.push(() => smtp.stop());
    const receiver = await new Receiver().start();
    cleanups.push(() => receiver.stop());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-webhook-crash-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      DATA_DIR: dataDir,
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_POLL_MS: '20',
    };
    const track = (server: ServerProcess): ServerProcess => {
      cleanups.push(async () => void (await stopProcess(server, 'SIGKILL')));
      return server;
    };
    const db = await connect(database.url);
    cleanups.push(() => db.end());
    const server = track(await startServerProcess(env));
    const { organizationId, cookie } = await seedOrganization(db, { members: 3 });
    const created = await graphql(server.url, cookie, CREATE, {
      input: { organizationId, url: receiver.url, eventTypes: ['REQUIREMENT_CHANGED'] },
    });
    const secret = created.data!.createWebhookEndpoint.secret as string;

    // The dispatcher's transaction waits when it stores an event: the kill lands inside it.
    await db.query(`create function hold_event() returns trigger language plpgsql as $$ begin perform pg_sleep(120); return null; end $$`);
    await db.query(`create trigger hold_event before insert on webhook_event for each statement execute function hold_event()`);
    const changed = await graphql(server.url, cookie, REQUIRE, { input: { organizationId, required: true, confirm: true } });
    expect(changed.data?.setTwoFactorRequirement.twoFactorRequired).toBe(true);
    await vi.waitFor(
      async () => {
        const { rows } = await db.query(
          `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`,
        );
        if (Number(rows[0].n) === 0) throw new Error('the dispatcher is not held yet');
      },
      { timeout: 30_000, interval: 20 },
    );
    expect((await stopProcess(server, 'SIGKILL')).signal).toBe('SIGKILL');
    await db.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
    await db.query(`drop trigger hold_event on webhook_event`);
    await db.query(`drop function hold_event()`);
    // The change committed; its outbox row is still there, and nothing went out.
    expect(Number((await db.query(`select count(*) as n from webhook_outbox`)).rows[0].n)).toBe(1);
    expect(receiver.received).toHaveLength(0);

    track(await startServerProcess(env));
    await vi.waitFor(
      () => {
        if (!receiver.received.some((r) => r.json.type === 'requirement.changed')) throw new Error('not delivered yet');
      },
      { timeout: 15_000, interval: 20 },
    );
    const delivered = receiver.received.find((r) => r.json.type === 'requirement.changed')!;
    expect(verify(secret, delivered, new Date())).toMatchObject({ organizationId, data: { reason: 'REQUIRED' } });
    expect(Number((await db.query(`select count(*) as n from webhook_outbox`)).rows[0].n)).toBe(0);
  });
});

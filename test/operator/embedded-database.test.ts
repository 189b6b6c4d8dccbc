import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterDir, createLogger, startEmbeddedDatabase } from '@twostep/server';
import { SmtpSink } from '../support/smtp-sink.js';
import { dataDir, runCli } from './cli.js';

let smtp: SmtpSink;
let data: ReturnType<typeof dataDir>;

beforeAll(async () => {
  smtp = await new SmtpSink().start();
  data = dataDir();
  fs.chmodSync(data.path, 0o755);
});
afterAll(async () => {
  await smtp.stop();
  data.remove();
  fs.rmSync(clusterDir(data.path), { recursive: true, force: true });
});

async function organizations(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>(`select name from organization order by name`)).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('without DATABASE_URL', () => {
  it('uses the data folder’s embedded database: starts it when stopped, and joins it, untouched, while a server runs it', async () => {
    const env = { NODE_ENV: 'test', DATA_DIR: data.path, SMTP_URL: smtp.url };
    const first = await runCli(['create-organization', '--name', 'Stark Industries', '--legal-representative', 'pepper@stark.test'], env);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);

    // A server now runs the same cluster; the command must use it, not stop it.
    const running = await startEmbeddedDatabase(data.path, createLogger({ logLevel: 'fatal', nodeEnv: 'test' }));
    try {
      expect(running.created).toBe(false);
      const second = await runCli(
        ['create-organization', '--name', 'Wayne Enterprises', '--legal-representative', 'lucius@wayne.test'],
        env,
      );
      expect(second.stderr).toBe('');
      expect(second.status).toBe(0);
      expect(await organizations(running.url)).toEqual(['Stark Industries', 'Wayne Enterprises']);
    } finally {
      await running.stop();
    }
    expect(smtp.messages.map((m) => m.to[0])).toEqual(['pepper@stark.test', 'lucius@wayne.test']);
  });
});

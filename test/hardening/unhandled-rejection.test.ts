import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../support/database.js';
import { startServerProcess, stopProcess, type ServerProcess } from './support/processes.js';

/**
 * Issue 12: a promise nobody awaited that rejects (a database hiccup in work done off a request's
 * path) ended the process, and every user with it. The production entry point logs it and keeps
 * serving. The rejection comes from a module loaded before the server (`--import`) when the test
 * sends SIGUSR2, i.e. once the server answers.
 */
describe('an unhandled rejection in the production process', () => {
  let dir: string;
  let drop: () => Promise<void>;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-rejection-'));
    const probe = path.join(dir, 'reject-on-signal.mjs');
    fs.writeFileSync(probe, `process.on('SIGUSR2', () => { Promise.reject(new Error('unhandled rejection probe')); });\n`);
    const database = await createTestDatabase();
    drop = database.drop;
    server = await startServerProcess({
      NODE_ENV: 'test',
      NODE_OPTIONS: `--import=${pathToFileURL(probe).href}`,
      DATABASE_URL: database.url,
      DATA_DIR: dir,
      DEMO: 'false',
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    if (server) await stopProcess(server, 'SIGTERM');
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is logged, and the server keeps answering', async () => {
    server.child.kill('SIGUSR2');
    await vi.waitFor(
      () => {
        const line = server
          .output()
          .split('\n')
          .find((l) => l.includes('"msg":"unhandled rejection"'));
        expect(line, server.output()).toBeDefined();
        expect(JSON.parse(line!)).toMatchObject({ level: 50, err: { message: 'unhandled rejection probe' } });
      },
      { timeout: 5_000, interval: 20 },
    );
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const answer = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ serverInfo { version } }' }),
    });
    expect(((await answer.json()) as { data?: { serverInfo?: { version?: string } } }).data?.serverInfo?.version).toEqual(
      expect.any(String),
    );
  });
});

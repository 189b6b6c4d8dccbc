import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { loadConfig, startTwostep, type Clock, type createLogger, type Twostep } from '@twostep/server';
import { createTestDatabase } from '../../support/database.js';

type Logger = ReturnType<typeof createLogger>;

/** The server's own logger library (pino), resolved from the server package: the tests do not list it. */
function memoryLogger(lines: Record<string, unknown>[]): Logger {
  const serverRequire = createRequire(createRequire(import.meta.url).resolve('@twostep/server'));
  const pino = serverRequire('pino') as (options: object, stream: Writable) => Logger;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: 'trace' }, sink);
}

export interface PlainServer {
  app: Twostep;
  url: string;
  /** Every log line the server wrote, parsed (level trace and up). */
  logs: Record<string, unknown>[];
  drop(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A Twostep whose configuration comes from exactly `env` plus a database and a data folder:
 * unlike `startTestServer`, nothing sets `NODE_ENV`, so the server runs as an operator who forgot
 * it would run it. Logs are kept in memory at every level, for tests about what is (not) logged.
 */
export async function startPlainServer(env: Record<string, string> = {}, clock?: Clock): Promise<PlainServer> {
  const database = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-plain-'));
  const config = loadConfig({ PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir, DEMO: 'false', ...env });
  const logs: Record<string, unknown>[] = [];
  const app = await startTwostep({ config, log: memoryLogger(logs), ...(clock ? { clock } : {}) });
  app.config.publicUrl = env.PUBLIC_URL ?? app.url;
  let dropped = false;
  return {
    app,
    url: app.url,
    logs,
    async drop() {
      dropped = true;
      await database.drop();
    },
    async stop() {
      await app.stop();
      if (!dropped) await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

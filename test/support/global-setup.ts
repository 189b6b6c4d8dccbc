import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createLogger, startEmbeddedDatabase } from '@twostep/server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server where tests may create and drop their own databases. */
    pgAdminUrl: string;
  }
}

/**
 * With `DATABASE_URL`, tests create their databases on that server (the machine's PostgreSQL in
 * CI). Without it, as on a fresh machine, one embedded PostgreSQL serves the whole run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const admin = new URL(external);
    admin.pathname = '/postgres';
    project.provide('pgAdminUrl', admin.toString());
    return async () => undefined;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-test-'));
  fs.chmodSync(dir, 0o755);
  const db = await startEmbeddedDatabase(dir, createLogger({ logLevel: 'warn', nodeEnv: 'test' }));
  const admin = new URL(db.url);
  admin.pathname = '/postgres';
  project.provide('pgAdminUrl', admin.toString());
  return async () => {
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

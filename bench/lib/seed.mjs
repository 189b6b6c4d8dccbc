import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.mjs';
import { secretKey } from './server.mjs';

const run = promisify(execFile);

/**
 * The project's seed command (`packages/server/dist/cli/seed.js`): one organization of `members`
 * (the administrator included) with a share of them having 2FA. Returns its JSON answer.
 */
export async function seed(databaseUrl, { members, withTwoFactor = 0.3, name }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-seed-'));
  try {
    const args = ['packages/server/dist/cli/seed.js', '--members', String(members), '--with-two-factor', String(withTwoFactor)];
    if (name) args.push('--name', name);
    const { stdout } = await run(process.execPath, args, {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, SECRET_KEY: secretKey, DATA_DIR: dataDir, NODE_ENV: 'development' },
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

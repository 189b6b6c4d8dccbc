import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/**
 * The key that encrypts TOTP secrets at rest. In production it must come from `SECRET_KEY`
 * (config refuses to start without it); elsewhere it is generated once and kept in the data
 * folder, never in the database.
 */
export function resolveSecretKey(config: Config, log: Logger): Buffer {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  log.info({ file }, 'generated the secret key for this data folder');
  return key;
}

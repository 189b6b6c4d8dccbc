import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server's configuration, read once from the environment and validated. A bad value stops the
 * start with one line naming the variable (see `ConfigError`). Every variable is listed in the README.
 */
export interface Config {
  nodeEnv: 'production' | 'development' | 'test';
  port: number;
  host: string;
  /** The URL the console is reached at; its origin is the only one a cookie WebSocket may come from. */
  publicUrl: string;
  /**
   * The WebAuthn relying party: `PUBLIC_URL`'s host as its id (null when that host is an IP
   * address, which WebAuthn refuses: keys are then unavailable) and the origins a key's answer may
   * come from (`PUBLIC_URL`'s origin, then the native apps' origins of `WEBAUTHN_APP_ORIGINS`).
   */
  webAuthn: { rpId: string | null; rpName: string; origins: string[] };
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** 32-byte key for TOTP secrets at rest; from the data folder outside production. */
  secretKey: Buffer | undefined;
  trustProxy: boolean;
  introspection: boolean;
  /** Internal error messages in GraphQL answers (never in production; logs always have them). */
  exposeInternalErrors: boolean;
  logLevel: string;
  demo: boolean;
  signInLimitPerAddress: number;
  signInLimitPerAccount: number;
  maxConcurrentHashes: number;
  mailPollMs: number;
  /** How often the rollout sweeper looks for due dates, windows and expiries (`ROLLOUT_POLL_MS`). */
  rolloutPollMs: number;
  /** Webhooks may go to loopback addresses (development and tests only: `WEBHOOK_ALLOW_LOOPBACK`). */
  webhookAllowLoopback: boolean;
  /** How often the webhook workers look for outbox rows and due deliveries (`WEBHOOK_POLL_MS`). */
  webhookPollMs: number;
  /** How often the compliance history recorder looks for changes when idle (HISTORY_POLL_MS). */
  historyPollMs: number;
  /** Members an alert campaign looks at per batch (one transaction each). */
  campaignBatchSize: number;
  webDistDir: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

const here = path.dirname(fileURLToPath(import.meta.url));
/** The checkout's root, whether running from `src/` or `dist/`. */
export const repoRoot = path.resolve(here, '../../../..');

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL (expected ${protocols.join(' or ')}//…)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(' or ')}//, got ${parsed.protocol}//`);
  }
  if (!parsed.hostname) throw new ConfigError(name, 'has no host');
  return raw;
}

/** A host WebAuthn accepts as a relying party id: a domain name, not an IP address. */
function rpIdOf(publicUrl: string): string | null {
  const host = new URL(publicUrl).hostname;
  return /^\d+(\.\d+){3}$/.test(host) || host.startsWith('[') ? null : host;
}

/** `WEBAUTHN_APP_ORIGINS`: the native apps' WebAuthn origins, comma-separated (`android:apk-key-hash:…`, `ios:bundle-id:…` or `https://…`). */
function appOrigins(env: Env): string[] {
  const raw = env.WEBAUTHN_APP_ORIGINS;
  if (raw === undefined || raw.trim() === '') return [];
  const origins = raw.split(',').map((o) => o.trim());
  if (origins.length > 20) throw new ConfigError('WEBAUTHN_APP_ORIGINS', 'lists more than 20 origins');
  for (const origin of origins) {
    if (!/^(android:apk-key-hash:[A-Za-z0-9_-]{20,}|ios:bundle-id:[A-Za-z0-9.-]+|https:\/\/[A-Za-z0-9.-]+(:\d+)?)$/.test(origin))
      throw new ConfigError('WEBAUTHN_APP_ORIGINS', `"${origin}" is not android:apk-key-hash:…, ios:bundle-id:… or https://host`);
  }
  return origins;
}

function secretKey(env: Env): Buffer | undefined {
  const raw = env.SECRET_KEY;
  if (raw === undefined || raw === '') return undefined;
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.trim()) {
    throw new ConfigError('SECRET_KEY', 'must be 32 bytes in base64 (openssl rand -base64 32)');
  }
  return key;
}

export function loadConfig(env: Env = process.env): Config {
  const rawEnv = env.NODE_ENV ?? 'development';
  if (!['production', 'development', 'test'].includes(rawEnv)) {
    throw new ConfigError('NODE_ENV', `must be production, development or test, got "${rawEnv}"`);
  }
  const nodeEnv = rawEnv as Config['nodeEnv'];
  const production = nodeEnv === 'production';
  const port = int(env, 'PORT', 4000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const key = secretKey(env);
  if (production && !key) throw new ConfigError('SECRET_KEY', 'is required when NODE_ENV=production');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  if (production && !databaseUrl) throw new ConfigError('DATABASE_URL', 'is required when NODE_ENV=production');
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  if (production && !smtpUrl) throw new ConfigError('SMTP_URL', 'is required when NODE_ENV=production');
  const mailFrom = env.MAIL_FROM || 'Twostep <no-reply@twostep.localhost>';
  if (!/<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', 'must be an address, e.g. "Twostep <no-reply@example.com>"');
  }
  const introspection = bool(env, 'GRAPHQL_INTROSPECTION', false);
  const exposeInternalErrors = bool(env, 'EXPOSE_INTERNAL_ERRORS', false);
  if (production && exposeInternalErrors) throw new ConfigError('EXPOSE_INTERNAL_ERRORS', 'cannot be on in production');
  if (production && introspection) throw new ConfigError('GRAPHQL_INTROSPECTION', 'cannot be on in production');
  const webhookAllowLoopback = bool(env, 'WEBHOOK_ALLOW_LOOPBACK', false);
  if (production && webhookAllowLoopback) throw new ConfigError('WEBHOOK_ALLOW_LOOPBACK', 'cannot be on in production');
  return {
    nodeEnv,
    port,
    host,
    publicUrl: publicUrl.replace(/\/$/, ''),
    webAuthn: { rpId: rpIdOf(publicUrl), rpName: 'Twostep', origins: [new URL(publicUrl).origin, ...appOrigins(env)] },
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || path.join(repoRoot, '.data')),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl,
    mailFrom,
    secretKey: key,
    trustProxy: bool(env, 'TRUST_PROXY', false),
    introspection,
    exposeInternalErrors,
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
    demo: bool(env, 'DEMO', !production),
    signInLimitPerAddress: int(env, 'SIGN_IN_LIMIT_PER_ADDRESS', 30, 1, 1_000_000),
    signInLimitPerAccount: int(env, 'SIGN_IN_LIMIT_PER_ACCOUNT', 10, 1, 1_000_000),
    maxConcurrentHashes: int(env, 'MAX_CONCURRENT_HASHES', 2, 1, 64),
    mailPollMs: int(env, 'MAIL_POLL_MS', 1000, 10, 600_000),
    rolloutPollMs: int(env, 'ROLLOUT_POLL_MS', 1000, 10, 600_000),
    webhookAllowLoopback,
    webhookPollMs: int(env, 'WEBHOOK_POLL_MS', 1000, 10, 600_000),
    historyPollMs: int(env, 'HISTORY_POLL_MS', 1000, 10, 600_000),
    // A batch of 10,000 takes about a quarter of a second here, which is as long as the
    // organization's single alerts wait at most; smaller batches cost more than their work (at
    // 2,000 a campaign took half as long again: docs/benchmarks.md, scenario 5).
    campaignBatchSize: int(env, 'CAMPAIGN_BATCH_SIZE', 10_000, 100, 100_000),
    webDistDir: path.resolve(env.WEB_DIST_DIR || path.join(repoRoot, 'packages/web/dist')),
  };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ManualClock, startTwostep, type Config, type Twostep } from '@twostep/server';
import { createTestDatabase } from './database.js';
import { SmtpSink } from './smtp-sink.js';

export interface TestServer {
  app: Twostep;
  url: string;
  clock: ManualClock;
  smtp: SmtpSink;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** No background worker runs: what a test counts on the wire between the server and PostgreSQL is the requests' own. */
export const noBackgroundWorkers = {
  mailWorkers: false,
  campaignWorkers: false,
  rolloutWorkers: false,
  webhookWorkers: false,
  historyWorkers: false,
} as const satisfies Partial<TestServerOptions>;

export interface TestServerOptions {
  /** Whether the mail workers deliver by themselves (default true); without them a test drains `app.mailWorker`. */
  mailWorkers?: boolean;
  /** Whether the campaign workers run by themselves (default true); without them a test drives `app.campaignRunner`. */
  campaignWorkers?: boolean;
  /** Start the rollout sweeper (default true); tests that drive it by hand turn it off. */
  rolloutWorkers?: boolean;
  /** Start the webhook dispatcher and delivery workers (default true). */
  webhookWorkers?: boolean;
  /** Start the compliance history recorder (default true); tests that drain `app.historyRecorder` by hand turn it off. */
  historyWorkers?: boolean;
  /** Resolves webhook hosts (this machine has no DNS: tests stub names). */
  resolveHost?: (hostname: string) => Promise<string[]>;
  /** The clock the server reads (default a new `ManualClock` at the real time now). */
  clock?: ManualClock;
  /** The URL the server connects with, given its fresh database's (e.g. through a statement counter). */
  connectVia?: (databaseUrl: string) => string;
  /**
   * Serve the console at `http://localhost:<port>` (its PUBLIC_URL), as security keys need: an IP
   * address is no WebAuthn relying party id. Browser tests of keys open that URL.
   */
  localhost?: boolean;
}

/**
 * A real Twostep on a random port, on its own fresh database, with a real SMTP sink and a clock
 * the test moves. Mail workers poll fast so tests wait milliseconds, not seconds.
 */
export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const smtp = await new SmtpSink().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-data-'));
  const clock = options.clock ?? new ManualClock(new Date());
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: options.connectVia ? options.connectVia(database.url) : database.url,
    SMTP_URL: smtp.url,
    DATA_DIR: dataDir,
    DEMO: 'false',
    MAIL_POLL_MS: '25',
    // Small batches, so that a campaign over a few thousand members runs several.
    CAMPAIGN_BATCH_SIZE: '2000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'fatal',
    SIGN_IN_LIMIT_PER_ADDRESS: '1000',
    ...env,
  });
  const app = await startTwostep({
    config,
    clock,
    mailWorkers: options.mailWorkers,
    campaignWorkers: options.campaignWorkers,
    rolloutWorkers: options.rolloutWorkers,
    webhookWorkers: options.webhookWorkers,
    historyWorkers: options.historyWorkers,
    resolveHost: options.resolveHost,
  });
  // The port is known only now: PUBLIC_URL (and the WebAuthn relying party it names) follows it.
  const localhostUrl = app.url.replace('127.0.0.1', 'localhost');
  const publicUrl = env.PUBLIC_URL ?? (options.localhost ? localhostUrl : app.url);
  app.config.publicUrl = publicUrl;
  const keysAt = new URL(env.PUBLIC_URL ?? localhostUrl);
  app.config.webAuthn.rpId = keysAt.hostname;
  app.config.webAuthn.origins = [keysAt.origin, ...app.config.webAuthn.origins.slice(1)];
  return {
    app,
    url: app.url,
    clock,
    smtp,
    databaseUrl: database.url,
    async stop() {
      await app.stop();
      await smtp.stop();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

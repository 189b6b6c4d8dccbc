import { startTwostep } from './app.js';
import { ConfigError, loadConfig } from './core/config.js';
import { createLogger } from './core/logger.js';
import { DEMO, demoCode } from './modules/demo/index.js';

/** The production entry point: `pnpm start`. Stops cleanly on SIGINT and SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config);
  // A promise that nobody awaited and that failed is a bug to log, not a reason to stop serving
  // everyone (Node's default ends the process).
  process.on('unhandledRejection', (err: unknown) => log.error({ err }, 'unhandled rejection'));
  const app = await startTwostep({ config, log });
  log.info({ url: app.url }, 'Twostep is running');
  const publicUrl = config.publicUrl;
  const banner = [
    '',
    `  Twostep is running: open ${publicUrl}`,
    ...(config.demo && !config.databaseUrl
      ? [
          `  Demo sign-in: ${DEMO.administrator} / ${DEMO.password}`,
          `  Second factor: the code of TOTP secret ${DEMO.totpSecret} (now ${demoCode()}; \`pnpm twostep demo-code\` prints the current one)`,
        ]
      : []),
    '  Stop with Ctrl+C.',
    '',
  ];
  process.stdout.write(`${banner.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    app
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'stop failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Twostep failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

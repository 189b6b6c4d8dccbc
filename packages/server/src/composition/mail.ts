import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { fileTransport, MailWorker, smtpTransport, type MailTransport, type MailWorkerOptions } from '../core/mail/index.js';
import type { SecretBox } from '../core/security/encryption.js';
import { mailTemplates } from './services.js';

/**
 * The one mail-delivery wiring, for the server and the operator commands alike: the transport
 * (SMTP with `SMTP_URL`, else `.eml` files in the data folder, unless one is given) and a worker
 * rendering every feature's templates with the no-reply sender.
 */
export function mailDelivery(deps: {
  config: Config;
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  box: SecretBox;
  transport?: MailTransport;
  worker?: Pick<MailWorkerOptions, 'holdBulk' | 'onSettled'>;
}): { transport: MailTransport; worker: MailWorker } {
  const { config, log } = deps;
  const transport =
    deps.transport ?? (config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(path.join(config.dataDir, 'mail'), log));
  const worker = new MailWorker({
    orm: deps.orm,
    clock: deps.clock,
    log,
    transport,
    templates: mailTemplates,
    box: deps.box,
    from: config.mailFrom,
    env: { publicUrl: config.publicUrl },
    pollMs: config.mailPollMs,
    ...deps.worker,
  });
  return { transport, worker };
}

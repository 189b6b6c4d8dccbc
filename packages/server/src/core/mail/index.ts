/**
 * Outgoing mail for every feature: messages are queued in PostgreSQL in the caller's transaction
 * (`MailQueue`) and delivered by `MailWorker` over SMTP, or to `.eml` files when no SMTP server is
 * configured outside production. Delivery is at-least-once with a stable `Message-ID`.
 */
export { MailMessage } from './mail-message.entity.js';
export {
  MailQueue,
  type MailTemplate,
  type MailConcerning,
  type MailData,
  type MailEnv,
  type QueueMail,
  type RenderedMail,
} from './mail.service.js';
export { MailWorker, retryDelayMs, type MailWorkerOptions } from './mail-worker.js';
export { smtpTransport, fileTransport, type MailTransport } from './mail-transport.js';
export { escapeHtml, layoutHtml, mailDate } from './html.js';

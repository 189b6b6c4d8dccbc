import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../clock.js';
import type { SecretBox } from '../security/encryption.js';
import { MailMessage } from './mail-message.entity.js';
import { sealToken } from './sealed-token.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailEnv {
  publicUrl: string;
}

/**
 * What a message is rendered from: small, flat facts. A one-time link's `token` is the only secret
 * allowed: it is stored sealed (`sealed-token.ts`) and removed once the mail is delivered or given up.
 */
export type MailData = Record<string, string | number | boolean | null>;

/** The organization and member a message is about (alerts): columns of their own, indexed. */
export interface MailConcerning {
  organizationId: string;
  userId: string;
}

/** Renders one kind of message from the data stored with it. */
export type MailTemplate = (data: MailData, env: MailEnv, concerning: MailConcerning | null) => RenderedMail;

export interface QueueMail {
  to: string;
  template: string;
  data: MailData;
  concerning?: MailConcerning;
}

/**
 * Queues messages in the caller's unit of work: the row is flushed with the caller's changes, in
 * the caller's transaction, so a message exists exactly when what caused it does.
 */
export class MailQueue {
  constructor(
    private readonly clock: Clock,
    private readonly templates: ReadonlyMap<string, MailTemplate>,
    private readonly box: SecretBox,
    private readonly onQueued: () => void = () => undefined,
  ) {}

  queue(em: EntityManager, mail: QueueMail): MailMessage {
    if (!this.templates.has(mail.template)) throw new Error(`unknown mail template ${mail.template}`);
    const now = this.clock.now();
    const id = randomUUID();
    const message = em.create(MailMessage, {
      id,
      toAddress: mail.to,
      template: mail.template,
      data: sealToken(this.box, id, mail.data),
      organizationId: mail.concerning?.organizationId ?? null,
      userId: mail.concerning?.userId ?? null,
      nextAttemptAt: now,
      createdAt: now,
    });
    em.persist(message);
    return message;
  }

  /**
   * The statement text that queues one bulk message per row of a query, for a caller's batch
   * statement (an alert campaign queues thousands per statement, inside a `with` clause). Each
   * argument is an SQL expression over `from`; the caller supplies the parameters of its `?`s in
   * the order they appear: `organizationId`, `userId`, `data`, `at` (twice), then `from`'s. The
   * data holds no secret (it is stored as given, not sealed).
   */
  bulkInsertSql(mail: {
    template: string;
    to: string;
    organizationId: string;
    userId: string;
    data: string;
    at: string;
    from: string;
  }): string {
    if (!this.templates.has(mail.template)) throw new Error(`unknown mail template ${mail.template}`);
    return `insert into mail_message (id, to_address, template, organization_id, user_id, data, bulk, state, attempts, next_attempt_at, created_at)
           select gen_random_uuid(), ${mail.to}, '${mail.template.replace(/'/g, "''")}', ${mail.organizationId}, ${mail.userId},
             ${mail.data}, true, 'QUEUED', 0, ${mail.at}, ${mail.at}
           from ${mail.from}`;
  }

  /** Ask the workers to look now rather than at their next poll (call after commit). */
  wake(): void {
    this.onQueued();
  }
}

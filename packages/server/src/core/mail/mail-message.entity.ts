import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { AlertState } from '@twostep/shared';

/**
 * One outgoing e-mail. The table is the queue: a message is written in the caller's transaction
 * (so it exists exactly when the caller's change does) and delivery workers claim it from here.
 * Rendering happens at delivery, from `template` and `data`.
 */
@Entity({ tableName: 'mail_message' })
@Index({ name: 'mail_message_due', properties: ['bulk', 'nextAttemptAt'] })
export class MailMessage {
  [OptionalProps]?: 'state' | 'attempts' | 'bulk';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  toAddress!: string;

  @Property({ type: 'text' })
  template!: string;

  /** The organization and member the message is about, for alerts (indexed: a member's alert history). */
  @Property({ type: 'uuid', nullable: true })
  organizationId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  userId?: string | null;

  @Property({ type: 'json' })
  data!: Record<string, string | number | boolean | null>;

  @Enum({ items: () => AlertState, type: 'text' })
  state: AlertState = AlertState.QUEUED;

  @Property({ type: 'integer' })
  attempts = 0;

  /** One of many sent at once (a campaign's alerts): delivered after the others. */
  @Property({ type: 'boolean' })
  bulk = false;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt?: Date | null;
}

import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from './user.entity.js';

export const OneTimePurpose = {
  /** The second step of a sign-in: password done, a second factor is due. */
  SIGN_IN_CHALLENGE: 'SIGN_IN_CHALLENGE',
  PASSWORD_RESET: 'PASSWORD_RESET',
  EMAIL_CHANGE: 'EMAIL_CHANGE',
} as const;
export type OneTimePurpose = (typeof OneTimePurpose)[keyof typeof OneTimePurpose];

/**
 * A short-lived, single-use secret sent to a person (reset link, e-mail confirmation) or held by
 * their client (sign-in challenge). Stored hashed; `usedAt` is set by a conditional update so a
 * token works once even under concurrency.
 */
@Entity({ tableName: 'one_time_token' })
export class OneTimeToken {
  [OptionalProps]?: 'data';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'bytea', unique: true, hidden: true })
  tokenHash!: Buffer;

  @Enum({ items: () => OneTimePurpose, type: 'text' })
  purpose!: OneTimePurpose;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  @Index()
  user!: User;

  /** Purpose-specific facts: the client kind of a challenge, the new address of an e-mail change. */
  @Property({ type: 'json' })
  data: Record<string, unknown> = {};

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt?: Date | null;
}

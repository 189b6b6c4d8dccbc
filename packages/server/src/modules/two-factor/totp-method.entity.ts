import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../accounts/index.js';

/**
 * An authenticator app. The secret is AES-256-GCM encrypted with a key kept outside the
 * database; after confirmation it is never returned. An unconfirmed row is an enrollment in
 * progress and is replaced by the next one.
 */
@Entity({ tableName: 'totp_method' })
export class TotpMethod {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: User;

  @Property({ type: 'bytea', hidden: true })
  secretEncrypted!: Buffer;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  confirmedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;
}

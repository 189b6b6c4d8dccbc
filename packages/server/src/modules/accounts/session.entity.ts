import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ClientKind, type TwoFactorMethodKind } from '@twostep/shared';
import { User } from './user.entity.js';

export type SessionClient = Exclude<ClientKind, 'INTEGRATION'>;

/**
 * A signed-in client. Only the SHA-256 of the random token is stored. `lastUsedAt` is refreshed
 * at most once a minute, so reading a page does not write.
 */
@Entity({ tableName: 'session' })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'bytea', unique: true, hidden: true })
  tokenHash!: Buffer;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  @Index()
  user!: User;

  @Enum({ items: () => [ClientKind.WEB, ClientKind.DESKTOP, ClientKind.MOBILE], type: 'text' })
  client!: SessionClient;

  @Property({ type: 'text', nullable: true })
  userAgent?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  lastUsedAt!: Date;

  /** When the password was last entered for this session (sign-in, or a password proof since). */
  @Property({ type: 'timestamptz' })
  passwordAt!: Date;

  /** The absolute end of the session, whatever its use. */
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  /** The second factor the session was signed in with (or set up since); null when the account had none. */
  @Property({ type: 'text', nullable: true })
  secondFactor?: TwoFactorMethodKind | null;
}

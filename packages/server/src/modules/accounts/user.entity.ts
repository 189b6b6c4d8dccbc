import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A person's account. The e-mail is unique case-insensitively (index on `lower(email)`). The row is
 * accounts'; its second-factor state (`twoFactorEnabled`, `lastTotpStep`, `factorFailures`,
 * `factorLockedUntil`) is written only by the two-factor module, in the transaction that changes
 * the methods, so the per-request principal reads it in the same statement as the session.
 */
@Entity({ tableName: 'user' })
export class User {
  [OptionalProps]?: 'twoFactorEnabled' | 'phishingResistant' | 'lastTotpStep' | 'factorFailures';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  displayName!: string;

  /** argon2id, OWASP parameters or stronger (see `password-hasher.ts`). */
  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  /** At least one confirmed second factor; kept in the transaction that changes the methods. */
  @Property({ type: 'boolean' })
  twoFactorEnabled = false;

  /** At least one security key or passkey; kept with `twoFactorEnabled`. */
  @Property({ type: 'boolean' })
  phishingResistant = false;

  /** The last accepted TOTP time step: a code of this step or an earlier one is refused. */
  @Property({ type: 'bigint', hidden: true })
  lastTotpStep: string = '0';

  /** Consecutive failed second-factor attempts, and until when the account is locked. */
  @Property({ type: 'integer', hidden: true })
  factorFailures = 0;

  @Property({ type: 'timestamptz', nullable: true, hidden: true })
  factorLockedUntil?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

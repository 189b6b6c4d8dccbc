import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { MembershipKind, Role } from '@twostep/shared';

/**
 * An invitation of an e-mail address into an organization, with the role and kind the membership
 * will have. Only the SHA-256 of the link's token is kept. At most one invitation per address and
 * organization is open (not accepted, not revoked) at a time: a unique partial index says so.
 */
@Entity({ tableName: 'invitation' })
export class Invitation {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'text' })
  email!: string;

  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  @Enum({ items: () => MembershipKind, type: 'text' })
  kind!: MembershipKind;

  @Property({ type: 'bytea', unique: true, hidden: true })
  tokenHash!: Buffer;

  /** The person who invited; null for the operator command (or once their account is gone). */
  @Property({ type: 'uuid', nullable: true })
  invitedByUserId?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  /** When the mail last went out (creation or resend). */
  @Property({ type: 'timestamptz' })
  lastSentAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  acceptedByUserId?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}

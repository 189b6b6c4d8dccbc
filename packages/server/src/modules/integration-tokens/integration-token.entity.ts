import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { Scope } from '@twostep/shared';

/**
 * An organization's API token. Only the SHA-256 of the random secret is stored; the secret is
 * shown once, at creation. `lastUsedAt` is refreshed at most once a minute, so reading does not
 * write on every request.
 */
@Entity({ tableName: 'integration_token' })
@Index({ name: 'integration_token_org_idx', properties: ['organizationId'] })
export class IntegrationToken {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: ArrayType })
  scopes!: Scope[];

  @Property({ type: 'bytea', unique: true, hidden: true })
  tokenHash!: Buffer;

  /** The person who created it; null once their account is deleted. */
  @Property({ type: 'uuid', nullable: true })
  createdByUserId?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  /** Null: never expires (until revoked). */
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}

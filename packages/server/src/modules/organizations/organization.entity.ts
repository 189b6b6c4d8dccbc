import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An organization and its security policy. Turning the requirement on or off writes this one
 * row: who is blocked is derived at each request from it and the member's methods, so the switch
 * costs the same for 10 or 100,000 members.
 */
@Entity({ tableName: 'organization' })
export class Organization {
  [OptionalProps]?: 'twoFactorRequired';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'boolean' })
  twoFactorRequired = false;

  @Property({ type: 'timestamptz', nullable: true })
  policyChangedAt?: Date | null;

  /** The person who last changed the policy, or the token (`policyChangedByTokenId`). */
  @Property({ type: 'uuid', nullable: true })
  policyChangedBy?: string | null;

  @Property({ type: 'uuid', nullable: true })
  policyChangedByTokenId?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

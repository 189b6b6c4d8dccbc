import { Entity, Enum, Index, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { MembershipKind, Role } from '@twostep/shared';
import { User } from '../accounts/index.js';
import { Organization } from './organization.entity.js';

/** A user in an organization, with a role and a kind. */
@Entity({ tableName: 'membership' })
@Index({ name: 'membership_user_idx', properties: ['user'] })
export class Membership {
  [PrimaryKeyProp]?: ['organization', 'user'];

  @ManyToOne(() => Organization, { primary: true, deleteRule: 'cascade' })
  organization!: Organization;

  @ManyToOne(() => User, { primary: true, deleteRule: 'cascade' })
  user!: User;

  @Enum({ items: () => Role, type: 'text' })
  role!: Role;

  @Enum({ items: () => MembershipKind, type: 'text' })
  kind!: MembershipKind;

  @Property({ type: 'timestamptz' })
  joinedAt!: Date;

  /** The member-list columns this member (as an administrator) chose to show. */
  @Property({ type: 'json', nullable: true })
  memberListColumns?: string[] | null;

  /** When the block first refused this member in the current episode (audited once per episode). */
  @Property({ type: 'timestamptz', nullable: true })
  blockedAt?: Date | null;
}

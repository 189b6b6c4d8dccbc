import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** Who did what to whom, when, in which organization. Append-only. */
@Entity({ tableName: 'audit_event' })
@Index({ name: 'audit_event_org_idx', properties: ['organizationId', 'id'] })
@Index({ name: 'audit_event_target_idx', properties: ['targetUserId'] })
export class AuditEvent {
  [OptionalProps]?: 'data' | 'id';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid', nullable: true })
  organizationId?: string | null;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'uuid', nullable: true })
  actorUserId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  actorTokenId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  targetUserId?: string | null;

  @Property({ type: 'json' })
  data: Record<string, unknown> = {};

  @Property({ type: 'timestamptz' })
  at!: Date;
}

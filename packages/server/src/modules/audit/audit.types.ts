import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Integration } from '../../core/graphql/surface.js';
import { AuditAction } from './audit-action.js';

registerEnumType(AuditAction, { name: 'AuditAction', description: 'What happened.' });

@ObjectType({ description: 'Someone or something named in an audit event.' })
@Integration()
export class AuditParty {
  @Field(() => ID, { nullable: true })
  userId!: string | null;

  @Field(() => ID, { nullable: true })
  tokenId!: string | null;

  @Field(() => String, { description: 'The person’s or token’s name at the time of reading.' })
  name!: string;
}

@ObjectType({ description: 'One entry of the audit log: who did what to whom, when.' })
@Integration()
export class AuditLogEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => AuditAction)
  action!: AuditAction;

  @Field(() => Date)
  at!: Date;

  @Field(() => AuditParty, { nullable: true, description: 'Who did it (null for the system).' })
  actor!: AuditParty | null;

  @Field(() => AuditParty, { nullable: true, description: 'Whom it concerned.' })
  target!: AuditParty | null;

  @Field(() => GraphQLJSONObject, { description: 'Small facts about the event (e.g. a role change’s from and to).' })
  data!: Record<string, unknown>;
}

@ObjectType()
@Integration()
export class AuditLogEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => AuditLogEntry)
  node!: AuditLogEntry;
}

@ObjectType({ description: 'A page of the audit log, newest first.' })
@Integration()
export class AuditLogConnection {
  @Field(() => [AuditLogEdge])
  edges!: AuditLogEdge[];

  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@InputType()
export class AuditLogFilter {
  @Field(() => [AuditAction], { nullable: true, description: 'Only these actions.' })
  actions?: AuditAction[] | null;

  @Field(() => ID, { nullable: true, description: 'Only events concerning this member.' })
  targetUserId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only events at or after this moment.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only events before this moment.' })
  to?: Date | null;
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock.js';
import { intArray, sql } from '../../core/database/sql.js';
import { ErrorCode, type AllowedMethods } from '@twostep/shared';
import { DomainError, notFound } from '../../core/errors.js';
import type { ActorRef, SecurityPolicy } from './organization.types.js';

interface OrganizationRow {
  id: string;
  name: string;
  two_factor_required: boolean;
  policy_changed_at: Date | null;
  policy_changed_by: string | null;
  policy_changed_by_token_id: string | null;
  changed_by_name: string | null;
  required_from: Date | null;
  scheduled_by: string | null;
  scheduled_by_token_id: string | null;
  scheduled_by_name: string | null;
  scheduled_at: Date | null;
  new_member_window_days: number;
  reminder_offsets: number[] | string;
  time_zone: string;
  allowed_methods: AllowedMethods;
}

const actorRef = (userId: string | null, tokenId: string | null, name: string | null): ActorRef | null =>
  userId || tokenId ? { userId, tokenId, name: name ?? 'Deleted account' } : null;

/** Organizations: created (by the operator command), and read for the API. Owns the `organization` table. */
export class OrganizationsService {
  constructor(private readonly clock: Clock) {}

  async policy(em: EntityManager, organizationId: string): Promise<SecurityPolicy> {
    const [row] = await sql<OrganizationRow>(
      em,
      `select o.id, o.name, o.two_factor_required, o.policy_changed_at, o.policy_changed_by, o.policy_changed_by_token_id,
         coalesce(u.display_name, t.name) as changed_by_name,
         o.required_from, o.scheduled_by, o.scheduled_by_token_id, o.scheduled_at, o.new_member_window_days, o.reminder_offsets, o.time_zone, o.allowed_methods,
         coalesce(su.display_name, st.name) as scheduled_by_name
       from organization o
       left join "user" u on u.id = o.policy_changed_by
       left join integration_token t on t.id = o.policy_changed_by_token_id
       left join "user" su on su.id = o.scheduled_by
       left join integration_token st on st.id = o.scheduled_by_token_id
       where o.id = ?`,
      [organizationId],
    );
    if (!row) throw notFound('Organization');
    const scheduled = !row.two_factor_required && row.required_from !== null;
    return {
      twoFactorRequired: row.two_factor_required,
      changedAt: row.policy_changed_at ? new Date(row.policy_changed_at) : null,
      changedBy: actorRef(row.policy_changed_by, row.policy_changed_by_token_id, row.changed_by_name),
      requiredFrom: scheduled ? new Date(row.required_from!) : null,
      scheduledBy: scheduled ? actorRef(row.scheduled_by, row.scheduled_by_token_id, row.scheduled_by_name) : null,
      scheduledAt: scheduled && row.scheduled_at ? new Date(row.scheduled_at) : null,
      newMemberWindowDays: row.new_member_window_days,
      reminderOffsets: intArray(row.reminder_offsets),
      timeZone: row.time_zone,
      allowedMethods: row.allowed_methods,
      organizationId: row.id,
    };
  }

  /** A new organization without the requirement, in the caller's transaction; names are unique, whatever their case. */
  async create(tx: EntityManager, name: string): Promise<{ id: string; name: string }> {
    const [taken] = await sql(tx, `select id from organization where lower(name) = lower(?)`, [name]);
    if (taken) throw new DomainError(ErrorCode.CONFLICT, `An organization named "${name}" exists.`, { field: 'name' });
    const id = randomUUID();
    await sql(tx, `insert into organization (id, name, two_factor_required, created_at) values (?, ?, false, ?)`, [
      id,
      name,
      this.clock.now(),
    ]);
    return { id, name };
  }

  now(): Date {
    return this.clock.now();
  }
}

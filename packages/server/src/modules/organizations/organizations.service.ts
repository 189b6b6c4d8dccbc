import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import { ErrorCode } from '@twostep/shared';
import { DomainError, notFound } from '../../core/errors.js';
import type { SecurityPolicy } from './organization.types.js';

interface OrganizationRow {
  id: string;
  name: string;
  two_factor_required: boolean;
  policy_changed_at: Date | null;
  policy_changed_by: string | null;
  policy_changed_by_token_id: string | null;
  changed_by_name: string | null;
}

/** Organizations: created (by the operator command), and read for the API. Owns the `organization` table. */
export class OrganizationsService {
  constructor(private readonly clock: Clock) {}

  async policy(em: EntityManager, organizationId: string): Promise<SecurityPolicy> {
    const [row] = await sql<OrganizationRow>(
      em,
      `select o.id, o.name, o.two_factor_required, o.policy_changed_at, o.policy_changed_by, o.policy_changed_by_token_id,
         coalesce(u.display_name, t.name) as changed_by_name
       from organization o
       left join "user" u on u.id = o.policy_changed_by
       left join integration_token t on t.id = o.policy_changed_by_token_id
       where o.id = ?`,
      [organizationId],
    );
    if (!row) throw notFound('Organization');
    return {
      twoFactorRequired: row.two_factor_required,
      changedAt: row.policy_changed_at ? new Date(row.policy_changed_at) : null,
      changedBy:
        row.policy_changed_by || row.policy_changed_by_token_id
          ? { userId: row.policy_changed_by, tokenId: row.policy_changed_by_token_id, name: row.changed_by_name ?? 'Deleted account' }
          : null,
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

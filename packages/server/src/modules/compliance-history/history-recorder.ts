import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../core/clock.js';
import { sql } from '../../core/database/sql.js';
import type { EventHub } from '../../core/events/domain-events.js';
import { PollingWorker } from '../../core/jobs/polling-loop.js';
import type { Logger } from '../../core/logger.js';
import { requiresNowSql } from '../access/index.js';
import type { MembersService } from '../organizations/index.js';
import { pointColumns, type PointRow } from './history.query.js';

/** Organizations counted per round (one transaction). */
const BATCH = 50;

type Counts = Omit<PointRow, 'at'>;

/**
 * Records the compliance history. Triggers queue an organization in the transaction of each
 * change that can move its counts (its audit entry); a round takes the queue (skip locked: several
 * instances share it), counts each organization once however many changes queued it, and writes a
 * point at the clock's minute when the counts differ from the last point — updating the minute's
 * point when there is one, so a burst of changes leaves one point a minute. An organization's
 * rounds are serialised by an advisory lock, so a slower round cannot write older counts over a
 * newer one. After commit, each new point is published (the chart on the Overview is live).
 */
export class ComplianceHistoryRecorder extends PollingWorker {
  constructor(
    private readonly deps: { orm: MikroORM; clock: Clock; log: Logger; events: EventHub; members: Pick<MembersService, 'summary'> },
    pollMs: number,
  ) {
    super('compliance-history', pollMs, deps.log);
  }

  async runOnce(): Promise<number> {
    const em = this.deps.orm.em.fork();
    // An idle round is one read.
    if ((await sql(em, `select 1 from compliance_history_queue limit 1`)).length === 0) return 0;
    const now = this.deps.clock.now();
    const at = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const recorded = await em.transactional(async (tx) => {
      const claimed = await sql<{ organization_id: string }>(
        tx,
        `with claimed as (
           delete from compliance_history_queue q
           where q.organization_id = any(array(
             select organization_id from compliance_history_queue order by id limit ? for update skip locked))
           returning q.organization_id)
         select distinct c.organization_id from claimed c join organization o on o.id = c.organization_id`,
        [BATCH],
      );
      const written: string[] = [];
      for (const { organization_id: organizationId } of claimed) {
        if (await this.record(tx, organizationId, at, now)) written.push(organizationId);
      }
      return { claimed: claimed.length, written };
    });
    for (const organizationId of recorded.written) {
      this.deps.events.publish({ type: 'compliancePointRecorded', organizationId, at: at.toISOString() });
    }
    return recorded.claimed;
  }

  /** Counts one organization and writes its point when the counts moved; true when written. */
  private async record(tx: EntityManager, organizationId: string, at: Date, now: Date): Promise<boolean> {
    await sql(tx, `select pg_advisory_xact_lock(hashtextextended(?, 17))`, [`compliance-history:${organizationId}`]);
    const requires = requiresNowSql({ twoFactorRequired: 'two_factor_required', requiredFrom: 'required_from' }, now);
    const [organization] = await sql<{ required: boolean | null; allowed_methods: Counts['allowed_methods'] }>(
      tx,
      `select ${requires.sql} as required, allowed_methods from organization where id = ?`,
      [...requires.params, organizationId],
    );
    if (!organization) return false;
    const summary = await this.deps.members.summary(tx, organizationId);
    const counts: Counts = {
      members: summary.members,
      compliant: summary.withTwoFactor,
      exempt: summary.exempt,
      in_window: summary.inWindow,
      non_compliant: summary.nonCompliant,
      blocked: organization.required ? summary.nonCompliant : 0,
      // No date set is null in SQL's three values: not required.
      required: organization.required === true,
      allowed_methods: organization.allowed_methods,
    };
    const [last] = await sql<PointRow>(
      tx,
      `select ${pointColumns} from compliance_point where organization_id = ? order by at desc limit 1`,
      [organizationId],
    );
    if (last && same(last, counts)) return false;
    await sql(
      tx,
      `insert into compliance_point (organization_id, ${pointColumns}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (organization_id, at) do update set members = excluded.members, compliant = excluded.compliant,
         exempt = excluded.exempt, in_window = excluded.in_window, non_compliant = excluded.non_compliant,
         blocked = excluded.blocked, required = excluded.required, allowed_methods = excluded.allowed_methods`,
      [
        organizationId,
        // Never before the last point (a clock set back writes into the last point's minute).
        last && new Date(last.at) > at ? new Date(last.at) : at,
        counts.members,
        counts.compliant,
        counts.exempt,
        counts.in_window,
        counts.non_compliant,
        counts.blocked,
        counts.required,
        counts.allowed_methods,
      ],
    );
    return true;
  }
}

function same(point: PointRow, counts: Counts): boolean {
  return (
    point.members === counts.members &&
    point.compliant === counts.compliant &&
    point.exempt === counts.exempt &&
    point.in_window === counts.in_window &&
    point.non_compliant === counts.non_compliant &&
    point.blocked === counts.blocked &&
    point.required === counts.required &&
    point.allowed_methods === counts.allowed_methods
  );
}

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { repoRoot } from '../lib/paths.mjs';
import { createDatabase } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { seed } from '../lib/seed.mjs';
import { secretKey } from '../lib/server.mjs';

export const name = 'webhook-outbox';
export const title = '12 webhook outbox';

/** Measured changes per variant (after a warm-up of a tenth), in interleaved blocks of 20. */
const changes = Number(process.env.BENCH_WEBHOOK_CHANGES ?? 2000);
/** Measured `recordInEach` statements per variant, same blocks. */
const bulkChanges = Number(process.env.BENCH_WEBHOOK_BULK_CHANGES ?? 600);
/** Organizations of the account of the bulk path (`recordInEach`). */
const accountOrganizations = 20;
/** Other organizations, each with one enabled endpoint: what the trigger's index probe looks into. */
const otherEndpoints = Number(process.env.BENCH_WEBHOOK_ENDPOINTS ?? 1000);
/** Outbox rows per dispatcher run, and runs per kind of event (the kinds take turns). */
const outboxRows = Number(process.env.BENCH_WEBHOOK_OUTBOX ?? 1000);
const dispatchRuns = Number(process.env.BENCH_WEBHOOK_DISPATCH_RUNS ?? 3);
/** `EXPLAIN ANALYZE` runs per variant for the trigger's own time. */
const explains = 60;
const block = 20;
const members = 2_000;

const serverDist = path.join(repoRoot, 'packages/server/dist');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const median = (values) => percentile(values, 50);
const stats = (values) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
/** Milliseconds with three decimals below one (`fmt.ms` keeps two, too coarse for a trigger's microseconds). */
const ms = (v) => (v < 1 ? `${v.toFixed(3)} ms` : fmt.ms(v));
const literal = (value) => `'${String(value).replace(/'/g, "''")}'`;

/**
 * The exact text of `AuditService.recordInEach` (the built server's), as the server sends it: the
 * method is called with a stand-in entity manager that keeps the statement, and MikroORM's
 * PostgreSQL platform writes the parameters into it, as the server's own `execute` does.
 */
async function recordInEachStatement() {
  const requireFromServer = createRequire(path.join(serverDist, 'index.js'));
  const load = (specifier) => import(pathToFileURL(requireFromServer.resolve(specifier)).href);
  await load('reflect-metadata'); // the entity's decorators need it, as in the server
  const { PostgreSqlPlatform } = await load('@mikro-orm/postgresql');
  const { AuditService } = await import(pathToFileURL(path.join(serverDist, 'modules/audit/audit.service.js')).href);
  const platform = new PostgreSqlPlatform();
  return async (organizationIds, userId) => {
    let text;
    const em = {
      getConnection: () => ({
        execute: async (query, params) => {
          text = platform.formatQuery(query, params);
          return [];
        },
      }),
      getTransactionContext: () => undefined,
    };
    const audit = new AuditService({ now: () => new Date() }, async () => organizationIds);
    await audit.recordInEach(em, organizationIds, { action: 'TWO_FACTOR_ENABLED', actor: { userId }, targetUserId: userId, data: {} });
    return text;
  };
}

/** `count` organizations made in SQL; with an enabled endpoint each when `endpoint`. Returns their ids. */
async function addOrganizations(client, count, label, endpoint) {
  const { rows } = await client.query(
    `insert into organization (id, name, two_factor_required, created_at)
     select gen_random_uuid(), $2 || ' ' || i, false, now() from generate_series(1, $1) as i returning id`,
    [count, label],
  );
  const ids = rows.map((r) => r.id);
  if (endpoint) await addEndpoints(client, ids);
  return ids;
}

/** One enabled endpoint per organization, for every event type (its secret is never read here). */
async function addEndpoints(client, organizationIds) {
  await client.query(
    `insert into webhook_endpoint (id, organization_id, url, event_types, enabled, secret_encrypted, created_at)
     select gen_random_uuid(), o, 'https://hooks.bench.example/twostep', $2::text[], true, decode(md5(o::text) || md5(random()::text), 'hex'), now()
     from unnest($1::uuid[]) as o`,
    [organizationIds, eventTypes],
  );
}

const eventTypes = [
  'MEMBER_COMPLIANCE_CHANGED',
  'MEMBER_BLOCKED',
  'MEMBER_UNBLOCKED',
  'MEMBER_JOINED',
  'MEMBER_LEFT',
  'MEMBER_REMOVED',
  'EXEMPTION_CREATED',
  'EXEMPTION_REVOKED',
  'EXEMPTION_EXPIRED',
  'PLAN_CHANGED',
  'REQUIREMENT_CHANGED',
  'ALERT_DELIVERED',
  'ALERT_FAILED',
  'COMPLIANCE_COMPLETE',
];

const outboxCount = async (client) => (await client.query('select count(*)::int as n from webhook_outbox')).rows[0].n;

/**
 * Times the variants' changes, each in its own transaction (`begin`, the audit insert, `commit`),
 * the variants taking turns by blocks. Each block sets the trigger (`enable` or `disable`, run for
 * every variant alike) and makes one unmeasured change first: the `alter table` just before
 * invalidates the session's cached relation. The outbox rows each block adds are checked.
 */
async function measure(client, variants, count) {
  const times = variants.map(() => ({ statement: [], transaction: [] }));
  const warmup = Math.max(block, Math.round(count / 10));
  for (let done = -warmup; done < count; done += block) {
    for (const [v, variant] of variants.entries()) {
      await client.query(`alter table audit_event ${variant.trigger ? 'enable' : 'disable'} trigger webhook_capture_audit`);
      const before = await outboxCount(client);
      const texts = [];
      for (let i = 0; i <= block; i += 1) texts.push(await variant.text());
      for (const [i, text] of texts.entries()) {
        const started = performance.now();
        await client.query('begin');
        const inserting = performance.now();
        const { rowCount } = await client.query(text);
        const inserted = performance.now();
        await client.query('commit');
        const committed = performance.now();
        if (rowCount !== variant.rows) throw new Error(`${rowCount} audit rows, expected ${variant.rows} (${variant.label})`);
        if (done >= 0 && i > 0) {
          times[v].statement.push(inserted - inserting);
          times[v].transaction.push(committed - started);
        }
      }
      const added = (await outboxCount(client)) - before;
      const expected = variant.outbox * texts.length;
      if (added !== expected) throw new Error(`${added} outbox rows from a block, expected ${expected} (${variant.label})`);
    }
  }
  await client.query('alter table audit_event enable trigger webhook_capture_audit');
  return times.map((t) => ({ statement: stats(t.statement), transaction: stats(t.transaction) }));
}

/** The trigger's own time as `EXPLAIN ANALYZE` reports it (`Trigger webhook_capture_audit: time=…`), rolled back; median. */
async function triggerTime(client, text, runs = explains) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    await client.query('begin');
    const { rows } = await client.query(`explain (analyze, costs off) ${await text()}`);
    await client.query('rollback');
    const line = rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Trigger webhook_capture_audit'));
    if (!line) throw new Error(`no trigger line in the plan:\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    times.push(Number(/time=([\d.]+)/.exec(line)[1]));
  }
  return median(times);
}

/**
 * The dispatcher of the built server, in this process: `startTwostep` on the scenario's database
 * with its workers off, so that nothing but `drain()` (rounds of `runOnce` until one finds
 * nothing) touches the outbox, and no delivery is attempted.
 */
async function startDispatcher(databaseUrl) {
  const { startTwostep, loadConfig } = await import(pathToFileURL(path.join(serverDist, 'index.js')).href);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-bench-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    SECRET_KEY: secretKey,
    DATA_DIR: dataDir,
    DEMO: 'false',
    LOG_LEVEL: 'warn',
    PORT: '0',
  });
  const twostep = await startTwostep({
    config,
    mailWorkers: false,
    campaignWorkers: false,
    rolloutWorkers: false,
    webhookWorkers: false,
  });
  return {
    twostep,
    async stop() {
      await twostep.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One organization of 2,000 members (30% with 2FA) with an enabled endpoint for every event type,
 * one without any, 1,000 others with an endpoint each, and 40 more for the bulk path (20 without
 * endpoints, 20 with one each). Measured:
 * 1. single audit rows (`insert … values … returning id`, as the ORM flushes a change's entry),
 *    each in its own transaction: trigger disabled (the baseline), on for the organization without
 *    an endpoint, on for the one with an endpoint (an outbox row each);
 * 2. `recordInEach` (the built server's text) into 20 organizations: trigger off, on (no
 *    endpoints), on (20 endpoints: 20 outbox rows);
 * 3. the trigger's own time per statement from `EXPLAIN ANALYZE`;
 * 4. the dispatcher of the built server draining 1,000 outbox rows into events and deliveries.
 */
export async function run(log) {
  const database = await createDatabase(name);
  const client = new pg.Client({ connectionString: database.url });
  let dispatcher;
  try {
    const org = await seed(database.url, { members, withTwoFactor: 0.3, name: 'Webhook outbox' });
    await client.connect();
    const withEndpoint = org.organizationId;
    await addEndpoints(client, [withEndpoint]);
    const [withoutEndpoint] = await addOrganizations(client, 1, 'No endpoint', false);
    await addOrganizations(client, otherEndpoints, 'Other', true);
    const plain = await addOrganizations(client, accountOrganizations, 'Account, no endpoint', false);
    const hooked = await addOrganizations(client, accountOrganizations, 'Account, endpoint', true);
    const { rows: people } = await client.query(
      `select user_id from membership where organization_id = $1 and role = 'USER' order by user_id limit 1`,
      [withEndpoint],
    );
    const member = people[0].user_id;
    await client.query('analyze');

    // 1. One audit row per change.
    const single = (organizationId) => () =>
      `insert into audit_event (organization_id, action, actor_user_id, target_user_id, data, at)
       values (${literal(organizationId)}, 'MEMBER_BLOCKED', ${literal(member)}, ${literal(member)}, '{"reason":"bench"}', ${literal(new Date().toISOString())}) returning id`;
    const singleVariants = [
      { label: 'trigger disabled', trigger: false, text: single(withEndpoint), rows: 1, outbox: 0 },
      { label: 'no endpoint', trigger: true, text: single(withoutEndpoint), rows: 1, outbox: 0 },
      { label: 'one endpoint', trigger: true, text: single(withEndpoint), rows: 1, outbox: 1 },
    ];
    const [offOne, noneOne, hookOne] = await measure(client, singleVariants, changes);
    const line = (s) => `${s.p50.toFixed(3)} (${s.p99.toFixed(3)})`;
    log(
      `single audit row, p50 (p99) ms: statement ${line(offOne.statement)} disabled, ${line(noneOne.statement)} no endpoint, ` +
        `${line(hookOne.statement)} one endpoint; begin → commit ${line(offOne.transaction)}, ${line(noneOne.transaction)}, ` +
        `${line(hookOne.transaction)}`,
    );

    // 2. recordInEach into 20 organizations.
    const recordInEach = await recordInEachStatement();
    const bulkText = (ids) => () => recordInEach(ids, member);
    log(`recordInEach, as sent: ${(await recordInEach(plain.slice(0, 2), member)).replace(/\s+/g, ' ')} (2 organizations shown)`);
    const bulkVariants = [
      { label: 'trigger disabled', trigger: false, text: bulkText(plain), rows: accountOrganizations, outbox: 0 },
      { label: 'no endpoints', trigger: true, text: bulkText(plain), rows: accountOrganizations, outbox: 0 },
      { label: 'endpoints', trigger: true, text: bulkText(hooked), rows: accountOrganizations, outbox: accountOrganizations },
    ];
    const [offBulk, noneBulk, hookBulk] = await measure(client, bulkVariants, bulkChanges);
    log(
      `recordInEach into ${accountOrganizations} organizations, p50 (p99) ms: statement ${line(offBulk.statement)} disabled, ` +
        `${line(noneBulk.statement)} no endpoints, ${line(hookBulk.statement)} ${accountOrganizations} endpoints; begin → commit ` +
        `${line(offBulk.transaction)}, ${line(noneBulk.transaction)}, ${line(hookBulk.transaction)}`,
    );

    // 3. The trigger's own time, as PostgreSQL counts it.
    const trigger = {
      noneOne: await triggerTime(client, single(withoutEndpoint)),
      hookOne: await triggerTime(client, single(withEndpoint)),
      noneBulk: await triggerTime(client, bulkText(plain)),
      hookBulk: await triggerTime(client, bulkText(hooked)),
    };
    const { rows: planRows } = await client.query(
      `explain (analyze, buffers, costs off, timing off) select 1 from webhook_endpoint where organization_id = $1 and enabled`,
      [withoutEndpoint],
    );
    const probe = planRows.map((r) => r['QUERY PLAN']);
    log(
      `trigger time (EXPLAIN ANALYZE, median of ${explains}) ms: single ${trigger.noneOne} no endpoint, ${trigger.hookOne} one endpoint; ` +
        `recordInEach ${trigger.noneBulk} no endpoints, ${trigger.hookBulk} ${accountOrganizations} endpoints\n    the probe: ${probe.join(' / ')}`,
    );

    // 4. The dispatcher: outbox rows → events and deliveries.
    await client.query('delete from webhook_outbox');
    dispatcher = await startDispatcher(database.url);
    const { webhookDispatcher } = dispatcher.twostep;
    const kinds = [
      { action: 'MEMBER_BLOCKED', type: 'member.blocked' },
      { action: 'TWO_FACTOR_ENABLED', type: 'member.compliance_changed' },
    ];
    const runs = kinds.map(() => []);
    for (let r = -1; r < dispatchRuns; r += 1) {
      for (const [k, kind] of kinds.entries()) {
        // The organization's members, each the target of one entry; the trigger fills the outbox.
        const { rowCount } = await client.query(
          `insert into audit_event (organization_id, action, actor_user_id, target_user_id, data, at)
           select organization_id, $2, user_id, user_id, '{}', now() from membership where organization_id = $1 order by random() limit $3`,
          [withEndpoint, kind.action, r < 0 ? 100 : outboxRows],
        );
        if ((await outboxCount(client)) !== rowCount) throw new Error('the outbox does not hold one row per audit entry');
        const before = (
          await client.query(
            `select (select count(*) from webhook_event)::int as events, (select count(*) from webhook_delivery)::int as deliveries`,
          )
        ).rows[0];
        const started = performance.now();
        await webhookDispatcher.drain();
        const elapsed = performance.now() - started;
        const after = (
          await client.query(
            `select (select count(*) from webhook_event)::int as events, (select count(*) from webhook_delivery)::int as deliveries`,
          )
        ).rows[0];
        const left = await outboxCount(client);
        const events = after.events - before.events;
        const deliveries = after.deliveries - before.deliveries;
        if (left !== 0 || events < rowCount || deliveries < rowCount) {
          throw new Error(
            `dispatcher left ${left} rows, made ${events} events and ${deliveries} deliveries of ${rowCount} (${kind.action})`,
          );
        }
        if (r >= 0) runs[k].push({ rows: rowCount, events, deliveries, ms: elapsed, rate: rowCount / (elapsed / 1000) });
      }
    }
    const dispatched = runs.map((list) => list.find((x) => x.rate === median(list.map((y) => y.rate))));
    log(
      kinds
        .map(
          (kind, k) =>
            `dispatcher, ${kind.action}: ${runs[k].map((x) => `${fmt.n(x.rate)} rows/s (${x.events} events, ${x.deliveries} deliveries, ${x.ms.toFixed(0)} ms)`).join(', ')}`,
        )
        .join('\n  '),
    );

    // An idle round (the outbox empty) beside three bare round trips (what its begin, claim and commit are at least).
    const idle = [];
    const select1 = [];
    for (let i = 0; i < 220; i += 1) {
      let started = performance.now();
      const handled = await webhookDispatcher.runOnce();
      if (handled !== 0) throw new Error('an idle round found work');
      if (i >= 20) idle.push(performance.now() - started);
      started = performance.now();
      for (let j = 0; j < 3; j += 1) await client.query('select 1');
      if (i >= 20) select1.push(performance.now() - started);
    }
    const idleRound = stats(idle);
    const roundTrips = stats(select1);
    log(`dispatcher idle round p50 (p99) ${line(idleRound)} ms; select 1 three times ${line(roundTrips)} ms`);

    // The rate one connection commits changes at (single audit rows, one endpoint): what the dispatcher must keep up with.
    const writerRate = 1000 / hookOne.transaction.p50;
    const both = (a, base) => `${fmt.ratio(a.p50 / base.p50)} / ${fmt.ratio(a.p99 / base.p99)}`;
    const pair = (s) => `${ms(s.p50)} (${ms(s.p99)})`;
    return [
      row(title, 'single audit insert p50 (p99), trigger on, organization without endpoint', pair(noneOne.statement), {
        baseline: `${pair(offOne.statement)} trigger disabled`,
        ratio: both(noneOne.statement, offOne.statement),
      }),
      row(title, 'single audit insert p50 (p99), trigger on, one endpoint (outbox row)', pair(hookOne.statement), {
        baseline: `${pair(offOne.statement)} trigger disabled`,
        ratio: both(hookOne.statement, offOne.statement),
      }),
      row(
        title,
        'its transaction (begin, insert, commit) p50 (p99), no endpoint / one endpoint',
        `${pair(noneOne.transaction)} / ${pair(hookOne.transaction)}`,
        {
          baseline: `${pair(offOne.transaction)} trigger disabled`,
          ratio: `${both(noneOne.transaction, offOne.transaction)} · ${both(hookOne.transaction, offOne.transaction)}`,
        },
      ),
      row(title, `recordInEach, ${accountOrganizations} organizations, p50 (p99), trigger on, no endpoints`, pair(noneBulk.statement), {
        baseline: `${pair(offBulk.statement)} trigger disabled`,
        ratio: both(noneBulk.statement, offBulk.statement),
      }),
      row(
        title,
        `recordInEach, ${accountOrganizations} organizations, p50 (p99), an endpoint in each (${accountOrganizations} outbox rows)`,
        pair(hookBulk.statement),
        {
          baseline: `${pair(offBulk.statement)} trigger disabled`,
          ratio: both(hookBulk.statement, offBulk.statement),
        },
      ),
      row(
        title,
        `recordInEach's transaction p50 (p99), no endpoints / ${accountOrganizations} endpoints`,
        `${pair(noneBulk.transaction)} / ${pair(hookBulk.transaction)}`,
        {
          baseline: `${pair(offBulk.transaction)} trigger disabled`,
          ratio: `${both(noneBulk.transaction, offBulk.transaction)} · ${both(hookBulk.transaction, offBulk.transaction)}`,
        },
      ),
      row(
        title,
        'trigger time per statement (EXPLAIN ANALYZE, median): single row no endpoint / one endpoint; recordInEach no endpoints / endpoints',
        `${ms(trigger.noneOne)} / ${ms(trigger.hookOne)}; ${ms(trigger.noneBulk)} / ${ms(trigger.hookBulk)}`,
        { baseline: `${ms(offOne.statement.p50)} / ${ms(offBulk.statement.p50)} the inserts without it (p50)` },
      ),
      ...kinds.map((kind, k) =>
        row(
          title,
          `dispatcher: ${fmt.n(outboxRows)} outbox rows → events and deliveries, ${kind.action} (median of ${dispatchRuns})`,
          `${fmt.n(dispatched[k].rate)} rows/s`,
          {
            baseline: `${fmt.n(writerRate)} changes/s: single audit rows committed one by one, one endpoint`,
            ratio: fmt.ratio(dispatched[k].rate / writerRate),
          },
        ),
      ),
      row(title, 'dispatcher idle round p50 (p99), outbox empty', pair(idleRound), {
        baseline: `${pair(roundTrips)} select 1, three times`,
        ratio: fmt.ratio(idleRound.p50 / roundTrips.p50),
      }),
    ];
  } finally {
    await dispatcher?.stop().catch(() => {});
    await client.end().catch(() => {});
    await database.drop();
  }
}

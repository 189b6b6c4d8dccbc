import pg from 'pg';
import { createDatabase } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { dueCheckStatements, sweeperBatch } from '../lib/rollout.mjs';
import { seed } from '../lib/seed.mjs';

export const name = 'due-check';
export const title = '11 due check';

/** Organizations with a plan ahead, grown in one database; the figure the scenario is about is at 10,000. */
const sizes = (process.env.BENCH_DUE_CHECK_SIZES ?? '1000,10000,100000').split(',').map(Number);
const main = sizes.includes(10_000) ? 10_000 : sizes.at(-1);
/** Measured checks per variant and size (after a warm-up of a tenth), in interleaved blocks of 20. */
const checks = Number(process.env.BENCH_DUE_CHECKS ?? 400);
const block = 20;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/**
 * `count` more organizations, each with a plan 2 to 302 days ahead and its reminders (the default
 * offsets 14, 7, 1 and the switch itself; an offset already past is SKIPPED, as `planReminders`
 * does, and so is one due within a day here, so that nothing falls due during the run).
 */
async function addPlannedOrganizations(client, count) {
  await client.query(
    `with o as (
       insert into organization (id, name, two_factor_required, created_at, required_from, scheduled_at)
       select gen_random_uuid(), 'Planned ' || i, false, now(), now() + interval '2 days' + random() * interval '300 days', now()
       from generate_series(1, $1) as i
       returning id, required_from)
     insert into reminder (organization_id, offset_days, due_at, state, decided_at)
     select o.id, d, o.required_from - d * interval '1 day',
       case when o.required_from - d * interval '1 day' > now() + interval '1 day' then 'PENDING' else 'SKIPPED' end,
       case when o.required_from - d * interval '1 day' > now() + interval '1 day' then null else now() end
     from o cross join unnest(array[14, 7, 1, 0]) as d`,
    [count],
  );
  await client.query('analyze organization; analyze reminder');
}

/** Copies of both tables with their keys but without the partial indexes `organization_plan_due` and `reminder_due`. */
async function unindexedCopies(client) {
  await client.query(`drop table if exists bench_unindexed_organization, bench_unindexed_reminder;
    create table bench_unindexed_organization (like organization including defaults including constraints);
    alter table bench_unindexed_organization add primary key (id);
    insert into bench_unindexed_organization select * from organization;
    create table bench_unindexed_reminder (like reminder including defaults including constraints);
    alter table bench_unindexed_reminder add primary key (organization_id, offset_days);
    insert into bench_unindexed_reminder select * from reminder;
    analyze bench_unindexed_organization; analyze bench_unindexed_reminder;`);
}

const unindexed = (text) =>
  text.replace(/\borganization\b/g, 'bench_unindexed_organization').replace(/\breminder\b/g, 'bench_unindexed_reminder');

/**
 * The scan under each statement's `due` CTE and its buffers, from `EXPLAIN (ANALYZE, BUFFERS)` run
 * in a transaction that is rolled back (nothing is due, so nothing would change anyway).
 */
async function plans(client, statements) {
  const now = new Date();
  const out = [];
  for (const statement of statements) {
    await client.query('begin');
    const { rows } = await client.query(`explain (analyze, buffers, costs off, timing off) ${statement.render(now)}`);
    await client.query('rollback');
    const lines = rows.map((r) => r['QUERY PLAN']);
    const at = lines.findIndex((l) => /(Index|Index Only|Seq|Bitmap Heap) Scan/.test(l) && !/CTE Scan|never executed/.test(l));
    if (at < 0) throw new Error(`no scan in the plan:\n${lines.join('\n')}`);
    const scan = lines[at].replace(/^\s*->\s*/, '').trim();
    // A bitmap heap scan reads the index named by the bitmap index scan just under it.
    const bitmapIndex = /^Bitmap Heap/.test(scan) ? /Bitmap Index Scan on (\S+)/.exec(lines.slice(at + 1).join('\n'))?.[1] : undefined;
    const kind = /^Seq Scan on (\S+)/.exec(scan)
      ? `Seq Scan on ${/^Seq Scan on (\S+)/.exec(scan)[1]}`
      : bitmapIndex
        ? `Bitmap Index Scan on ${bitmapIndex}`
        : (/^(Index(?: Only)? Scan) using (\S+)/.exec(scan)?.slice(1).join(' using ') ?? scan);
    const rowsOut = /actual rows=(\d+)/.exec(scan)?.[1];
    const buffers = lines
      .slice(at + 1)
      .find((l, i, rest) => /Buffers:/.test(l) && !rest.slice(0, i).some((x) => x.includes('->')))
      ?.trim()
      .replace('Buffers: ', '');
    out.push({ name: statement.name, scan, kind, rows: rowsOut, buffers: buffers ?? 'no buffers', plan: lines.join('\n') });
  }
  return out;
}

/**
 * The same statements with one plan and one reminder due (made so, then rolled back): the scan
 * under the CTE, and how the claimed rows are joined back to the table the statement updates.
 */
async function plansWithOneDue(client, statements) {
  const now = new Date();
  const out = [];
  for (const statement of statements) {
    await client.query('begin');
    await client.query(`update organization set required_from = now() - interval '1 second'
      where id = (select id from organization where required_from is not null order by required_from limit 1)`);
    await client.query(`update reminder set due_at = now() - interval '1 second'
      where (organization_id, offset_days) = (select organization_id, offset_days from reminder where state = 'PENDING' order by due_at limit 1)`);
    const { rows } = await client.query(`explain (analyze, buffers, costs off, timing off) ${statement.render(now)}`);
    await client.query('rollback');
    const lines = rows.map((r) => r['QUERY PLAN']);
    const join = lines
      .find((l) => /^ {2}->\s+(Hash Join|Nested Loop|Merge Join)/.test(l))
      ?.replace(/^\s*->\s*/, '')
      .replace(/\s*\(.*$/, '');
    const target = lines
      .find((l) => /Scan.* on (organization o|reminder r)\b/.test(l))
      ?.replace(/^\s*->\s*/, '')
      .trim();
    const kind = /^(Seq Scan on \S+|Index(?: Only)? Scan using \S+|Tid Scan on \S+)/.exec(target ?? '')?.[1] ?? target;
    const time = /Execution Time: ([\d.]+) ms/.exec(lines.join('\n'))?.[1];
    out.push({
      name: statement.name,
      // A statement that updates by the claimed rows' ctids joins nothing back: a Tid Scan.
      join: join ?? 'no join',
      kind,
      rows: /actual rows=(\d+)/.exec(target ?? '')?.[1],
      time: Number(time),
      plan: lines.join('\n'),
    });
  }
  return out;
}

/** Times the variants' checks, each in a transaction rolled back, the variants taking turns by blocks. */
async function measure(client, variants) {
  const times = variants.map(() => []);
  const warmup = Math.max(block, Math.round(checks / 10));
  for (let done = -warmup; done < checks; done += block) {
    for (const [v, variant] of variants.entries()) {
      for (let i = 0; i < block; i += 1) {
        const now = new Date();
        const texts = variant.statements.map((s) => s.render(now));
        await client.query('begin');
        const started = performance.now();
        let touched = 0;
        for (const text of texts) touched += (await client.query(text)).rowCount ?? 0;
        const elapsed = performance.now() - started;
        await client.query('rollback');
        if (touched > 0 && variant.label !== 'select 1') throw new Error(`${touched} rows were due (${variant.label})`);
        if (done >= 0) times[v].push(elapsed);
      }
    }
  }
  return times.map((t) => ({ p50: percentile(t, 50), p90: percentile(t, 90) }));
}

/**
 * Organizations with a plan ahead and their reminders, nothing due. The sweeper's two due checks
 * (`switchDuePlans`, `claimDueReminders`, their exact text) run as in an idle round, in a
 * transaction (rolled back here), beside the same statements on copies of the tables without the
 * partial indexes, and beside two `select 1`; at 1,000, 10,000 and 100,000 organizations.
 */
export async function run(log) {
  const database = await createDatabase(name);
  const client = new pg.Client({ connectionString: database.url });
  try {
    await seed(database.url, { members: 1, withTwoFactor: 1, name: 'Due check' }); // the schema, and one organization without a plan
    await client.connect();
    const statements = await dueCheckStatements();
    log(
      `batch ${sweeperBatch()}; statements:\n${statements.map((s) => `    ${s.name}: ${s.render(new Date()).replace(/\s+/g, ' ')}`).join('\n')}`,
    );
    const variants = [
      { label: 'twostep', statements },
      { label: 'unindexed', statements: statements.map((s) => ({ name: s.name, render: (now) => unindexed(s.render(now)) })) },
      { label: 'select 1', statements: statements.map((s) => ({ name: s.name, render: () => 'select 1' })) },
    ];
    const results = [];
    let organizations = 0;
    for (const size of sizes) {
      await addPlannedOrganizations(client, size - organizations);
      organizations = size;
      await unindexedCopies(client);
      const { rows } = await client.query(`select (select count(*) from organization where required_from is not null)::int as planned,
        (select count(*) from reminder where state = 'PENDING')::int as pending`);
      const [twostep, plain, select1] = await measure(client, variants);
      const explained = await plans(client, variants[0].statements);
      const explainedPlain = await plans(client, variants[1].statements);
      const oneDue = await plansWithOneDue(client, variants[0].statements);
      results.push({ size, twostep, plain, select1, explained, explainedPlain, oneDue, pending: rows[0].pending });
      log(
        `${fmt.n(rows[0].planned)} planned organizations, ${fmt.n(rows[0].pending)} pending reminders: p50 (p90) ` +
          `${twostep.p50.toFixed(3)} (${twostep.p90.toFixed(3)}) ms; without the partial indexes ${plain.p50.toFixed(3)} ` +
          `(${plain.p90.toFixed(3)}) ms; select 1 twice ${select1.p50.toFixed(3)} (${select1.p90.toFixed(3)}) ms\n    ` +
          [
            ...explained.map((p) => `${p.name}: ${p.kind}, rows ${p.rows}; buffers ${p.buffers}`),
            ...explainedPlain.map((p) => `${p.name} without the partial index: ${p.kind}, rows ${p.rows}; buffers ${p.buffers}`),
            ...oneDue.map((p) => `${p.name} with one due: ${p.join} back over ${p.kind} (rows ${p.rows}), ${p.time} ms`),
          ].join('\n    '),
      );
    }
    const shown = results.find((r) => r.size === main) ?? results[0];
    for (const p of shown.explained) log(`plan of ${p.name} at ${fmt.n(shown.size)} organizations:\n${p.plan}`);

    const at = results.find((r) => r.size === main);
    const first = results[0];
    const last = results.at(-1);
    // Per size: the scan the planner chose under the statement's CTE, then its buffers and rows.
    const planCell = (i) =>
      results.map((r) => `${r.explained[i].kind} (${r.explained[i].buffers}, rows=${r.explained[i].rows})`).join(' · ');
    const planBaseline = (i) => `${last.explainedPlain[i].kind}: ${results.map((r) => r.explainedPlain[i].buffers).join(' · ')}`;
    const sizesText = results.map((r) => fmt.n(r.size)).join(' · ');
    const oneDueCell = (i) =>
      results.map((r) => `${r.oneDue[i].join}, ${r.oneDue[i].kind} (rows=${r.oneDue[i].rows}), ${fmt.ms(r.oneDue[i].time)}`).join(' · ');
    return [
      ...results.map((r) =>
        row(
          title,
          `both checks p50 (p90), nothing due, ${fmt.n(r.size)} planned organizations`,
          `${fmt.ms(r.twostep.p50)} (${fmt.ms(r.twostep.p90)})`,
          {
            baseline: `${fmt.ms(r.plain.p50)} (${fmt.ms(r.plain.p90)}) without the partial indexes`,
            ratio: fmt.ratio(r.twostep.p50 / r.plain.p50),
          },
        ),
      ),
      row(title, `both checks p50, ${fmt.n(at.size)} organizations, beside two round trips`, fmt.ms(at.twostep.p50), {
        baseline: `${fmt.ms(at.select1.p50)} select 1, twice`,
        ratio: fmt.ratio(at.twostep.p50 / at.select1.p50),
      }),
      row(title, `both checks p50, ${fmt.n(last.size)} against ${fmt.n(first.size)} organizations`, fmt.ms(last.twostep.p50), {
        baseline: `${fmt.ms(first.twostep.p50)} at ${fmt.n(first.size)}`,
        ratio: fmt.ratio(last.twostep.p50 / first.twostep.p50),
      }),
      row(title, `plan of switchDuePlans (EXPLAIN ANALYZE at ${sizesText})`, planCell(0), { baseline: planBaseline(0) }),
      row(title, `plan of claimDueReminders (EXPLAIN ANALYZE at ${sizesText})`, planCell(1), { baseline: planBaseline(1) }),
      row(title, `switchDuePlans with one plan due: joined back (at ${sizesText})`, oneDueCell(0)),
      row(title, `claimDueReminders with one reminder due: joined back (at ${sizesText})`, oneDueCell(1)),
    ];
  } finally {
    await client.end().catch(() => {});
    await database.drop();
  }
}

import { scheduleRequirement, setRequirement } from '../lib/documents.mjs';
import { gql, signInAdministrator } from '../lib/graphql.mjs';
import { isWrite, shortStatement, startStatementCounter } from '../lib/pg-counter.mjs';
import { createDatabase, databaseUrl, pool } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { transactions } from '../lib/rollout.mjs';
import { seed } from '../lib/seed.mjs';
import { startServer } from '../lib/server.mjs';

export const name = 'scheduled-switch';
export const title = '9 scheduled switch';

const members = 100_000;
/** Measured cycles (after 3 for warm-up); each has one switch over the API and one by the sweeper. */
const cycles = Number(process.env.BENCH_SCHEDULED_SWITCHES ?? 60);
/** The sweeper's poll (`ROLLOUT_POLL_MS`) of the timed server: the wait for the next round is at most this. */
const pollMs = Number(process.env.BENCH_ROLLOUT_POLL_MS ?? 50);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Wall-clock milliseconds with a fraction (the server stamps its dates from the same clock). */
const wallNow = () => performance.timeOrigin + performance.now();

/**
 * Makes the scheduled plan due in the database (its date a second ago: the server's clock is the
 * real one) and waits until the requirement is on and `REQUIREMENT_ENABLED` is in the audit log,
 * polling every millisecond. Returns the time from the commit of the change to the moment the
 * bench saw both, and its parts: the wait until the sweeper's round began (`policy_changed_at` is
 * the round's clock) and the rest (the round's statements, its commit and this poll).
 */
async function scheduledSwitch(db, organizationId) {
  // A random moment within the sweeper's poll: each cycle takes about as long as the one before, so
  // without it the plan would fall due at the same phase of the poll every time.
  await sleep(Math.random() * pollMs);
  const { rows: before } = await db.query(`select coalesce(max(id), 0) as id from audit_event where organization_id = $1`, [
    organizationId,
  ]);
  const { rowCount } = await db.query(
    `update organization set required_from = now() - interval '1 second' where id = $1 and required_from is not null and not two_factor_required`,
    [organizationId],
  );
  const dueAt = wallNow();
  const started = performance.now();
  if (rowCount !== 1) throw new Error('no scheduled plan to make due');
  for (;;) {
    const { rows } = await db.query(
      `select o.two_factor_required, o.policy_changed_at,
         (select a.data->>'by' from audit_event a where a.organization_id = o.id and a.action = 'REQUIREMENT_ENABLED' and a.id > $2
          order by a.id limit 1) as audited_by
       from organization o where o.id = $1`,
      [organizationId, before[0].id],
    );
    const [state] = rows;
    if (state.two_factor_required && state.audited_by) {
      const totalMs = performance.now() - started;
      if (state.audited_by !== 'rollout sweeper') throw new Error(`REQUIREMENT_ENABLED by ${state.audited_by}`);
      const waitMs = Math.max(0, new Date(state.policy_changed_at).getTime() - dueAt);
      return { totalMs, waitMs, roundMs: totalMs - waitMs };
    }
    if (performance.now() - started > 30_000) throw new Error('the sweeper did not switch within 30 s');
    await sleep(1);
  }
}

async function schedule(url, cookie, organizationId) {
  const requiredFrom = new Date(Date.now() + 2 * 3_600_000).toISOString();
  const data = await gql(url, scheduleRequirement, { input: { organizationId, requiredFrom, confirm: true } }, { cookie });
  if (!data.scheduleTwoFactorRequirement.requiredFrom) throw new Error('nothing scheduled');
}

async function setRequired(url, cookie, organizationId, required) {
  const data = await gql(url, setRequirement, { input: { organizationId, required, confirm: true } }, { cookie });
  if (data.setTwoFactorRequirement.twoFactorRequired !== required) throw new Error('the switch did not switch');
}

/**
 * The sweeper's statements, through a server connected via the counter (`MAIL_POLL_MS=600000`
 * keeps the mail and campaign loops out): its idle rounds for `idleMs`, then the round that turns
 * a due plan on. Rounds are told apart by their transactions.
 */
async function countRounds(db, bench, { organizationId, cookie }, idleMs = 2_000) {
  const counter = await startStatementCounter();
  const server = await startServer({
    label: `${name}-count`,
    databaseUrl: databaseUrl(db.name, counter.port),
    env: { MAIL_POLL_MS: '600000', ROLLOUT_POLL_MS: '200' },
  });
  try {
    await schedule(server.url, cookie, organizationId);
    await sleep(500); // the workers' first rounds at the start stay out
    counter.start();
    await sleep(idleMs);
    await scheduledSwitch(bench, organizationId);
    await sleep(300);
    const { statements } = counter.stop();
    const { groups, loose } = transactions(statements);
    // An idle round is one read outside a transaction (the due probe); a round that finds work
    // probes, then runs its transaction.
    const probes = loose.filter((s) => /exists \(select 1 from organization where required_from/.test(s));
    const sweeper = groups.filter((g) => g.some((s) => /select id, required_from from organization/.test(s)));
    const switching = sweeper.filter((g) => g.some((s) => /insert into "audit_event"/i.test(s)));
    if (switching.length !== 1 || probes.length < 2)
      throw new Error(`expected idle probes and one switching round, got ${probes.length} probes and ${sweeper.length} rounds`);
    const describe = (group) => group.map((s) => `    ${shortStatement(s)}`).join('\n');
    return {
      idleRounds: probes.length - 1,
      idle: 1,
      idleSame: true,
      idleWrites: isWrite(probes[0]) ? 1 : 0,
      switching: switching[0].length + 1,
      switchingWrites: switching[0].filter(isWrite).length,
      text:
        `idle round:\n    ${shortStatement(probes[0])}\n  switching round (after its probe):\n${describe(switching[0])}` +
        (loose.length > probes.length ? `\n  other statements outside transactions: ${loose.length - probes.length}` : ''),
      others: groups.length - sweeper.length,
    };
  } finally {
    await server.stop();
    await counter.close();
  }
}

/**
 * One organization of 100,000 members (30% with 2FA). Each cycle: the administrator switches the
 * requirement on over the API (timed: the baseline) and off; then schedules it two hours ahead over
 * the API, the bench makes it due in the database, and the sweeper's switch is timed from that
 * commit until the requirement is on and audited; then off over the API.
 */
export async function run(log) {
  const database = await createDatabase(name);
  const db = pool(database.url, 2);
  let server;
  try {
    const org = await seed(database.url, { members, withTwoFactor: 0.3, name: 'Scheduled switch' });
    log(`seeded ${fmt.n(org.members)} members in ${org.seconds} s`);
    server = await startServer({ label: name, databaseUrl: database.url, env: { ROLLOUT_POLL_MS: String(pollMs) } });
    const cookie = await signInAdministrator(server.url, org.administrator);
    const { organizationId } = org;
    const api = [];
    const scheduled = [];
    for (let i = -3; i < cycles; i += 1) {
      const started = performance.now();
      await setRequired(server.url, cookie, organizationId, true);
      const apiMs = performance.now() - started;
      await setRequired(server.url, cookie, organizationId, false);
      await schedule(server.url, cookie, organizationId);
      const sweep = await scheduledSwitch(db, organizationId);
      await setRequired(server.url, cookie, organizationId, false);
      if (i >= 0) {
        api.push(apiMs);
        scheduled.push(sweep);
      }
    }
    await server.stop();
    server = undefined;

    const p = (values, q) => percentile(values, q);
    const total = scheduled.map((s) => s.totalMs);
    const wait = scheduled.map((s) => s.waitMs);
    const round = scheduled.map((s) => s.roundMs);
    log(
      `API switch p50 ${p(api, 50).toFixed(2)} ms (p90 ${p(api, 90).toFixed(2)}); scheduled: due → on and audited p50 ` +
        `${p(total, 50).toFixed(2)} ms (p90 ${p(total, 90).toFixed(2)}), wait for the round p50 ${p(wait, 50).toFixed(2)} ms ` +
        `(max ${Math.max(...wait).toFixed(1)}), round p50 ${p(round, 50).toFixed(2)} ms (p90 ${p(round, 90).toFixed(2)})`,
    );

    const counted = await countRounds(database, db, { organizationId, cookie });
    log(
      `statements per sweeper round: idle ${counted.idle} (${counted.idleRounds} rounds, ${counted.idleSame ? 'all alike' : 'not all alike'}), ` +
        `switching ${counted.switching}; other transactions ${counted.others}\n  ${counted.text}`,
    );

    const ratio = p(total, 50) / p(api, 50);
    return [
      row(title, `switch p50 (p90), ${fmt.n(members)} members: due → on and audited`, `${fmt.ms(p(total, 50))} (${fmt.ms(p(total, 90))})`, {
        baseline: `${fmt.ms(p(api, 50))} (${fmt.ms(p(api, 90))}) setTwoFactorRequirement`,
        ratio: fmt.ratio(ratio),
      }),
      row(
        title,
        `of it: wait for the next round (ROLLOUT_POLL_MS ${pollMs}), p50 (max)`,
        `${fmt.ms(p(wait, 50))} (${fmt.ms(Math.max(...wait))})`,
      ),
      row(title, 'of it: the round (its start → on and audited), p50 (p90)', `${fmt.ms(p(round, 50))} (${fmt.ms(p(round, 90))})`, {
        baseline: `${fmt.ms(p(api, 50))} setTwoFactorRequirement`,
        ratio: fmt.ratio(p(round, 50) / p(api, 50)),
      }),
      row(title, 'SQL statements per sweeper round: idle / switching', `${counted.idle} / ${counted.switching}`, {
        baseline: 'idle: one due probe; switching: the probe, then begin, 5 due claims, the audit row, commit',
      }),
      row(title, 'writes per sweeper round: idle / switching', `${counted.idleWrites} / ${counted.switchingWrites}`, {
        baseline: 'the idle probe is a read; each claim is an update … returning',
      }),
    ];
  } finally {
    await server?.stop();
    await db.end();
    await database.drop();
  }
}

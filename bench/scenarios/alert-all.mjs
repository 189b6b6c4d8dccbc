import { gql, signInAdministrator } from '../lib/graphql.mjs';
import { createDatabase, pool } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { seed } from '../lib/seed.mjs';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';

export const name = 'alert-all';
export const title = '5 alert all';

const members = 50_000;
/** How long deliveries are watched after the campaign is queued (the rest is left undelivered). */
const deliverySeconds = Number(process.env.BENCH_DELIVERY_SECONDS ?? 15);

const startCampaign = `mutation AlertAll($input: AlertAllInput!) { alertAllWithoutTwoFactor(input: $input) { id state } }`;

/** The baseline: the same 50,000 mail rows by one INSERT … SELECT into a plain table (no index, no key); median of three. */
async function insertSelect(db, organizationId) {
  await db.query(`create table bench_plain_mail (id uuid, to_address text, template text, data jsonb, state text, attempts int,
    next_attempt_at timestamptz, created_at timestamptz)`);
  const times = [];
  for (let i = 0; i < 3; i += 1) {
    await db.query('truncate bench_plain_mail');
    const started = performance.now();
    const { rowCount } = await db.query(
      `insert into bench_plain_mail (id, to_address, template, data, state, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), u.email, 'two-factor-alert',
         jsonb_build_object('name', u.display_name, 'organization', 'Alert all', 'organizationId', $1::text, 'requester', 'Bench Administrator', 'userId', u.id),
         'QUEUED', 0, now(), now()
       from membership m join "user" u on u.id = m.user_id
       where m.organization_id = $1::uuid and not u.two_factor_enabled`,
      [organizationId],
    );
    times.push(performance.now() - started);
    if (rowCount !== members) throw new Error(`baseline inserted ${rowCount} rows`);
  }
  await db.query('drop table bench_plain_mail');
  return times.sort((a, b) => a - b)[1]; // the median of three
}

/** Rounds, each on a fresh database: queueing and its baseline are medians over them. */
const rounds = Math.max(1, Number(process.env.BENCH_ALERT_ROUNDS ?? 3));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * One round: a fresh database and organization, the baseline on it, then a server's campaign.
 * Deliveries are watched for `watchSeconds` after queueing (0: not at all).
 */
async function round(sink, watchSeconds) {
  const database = await createDatabase(name);
  const db = pool(database.url, 2);
  let server;
  try {
    // The administrator has 2FA; every other member has none.
    const org = await seed(database.url, { members: members + 1, withTwoFactor: 0, name: 'Alert all' });
    const baselineMs = await insertSelect(db, org.organizationId);
    await db.query('vacuum analyze');

    server = await startServer({ label: name, databaseUrl: database.url, smtpUrl: sink.url });
    const cookie = await signInAdministrator(server.url, org.administrator);
    const idle = server.memory();
    let peakSampled = idle.rssMiB;
    const sampler = setInterval(() => {
      peakSampled = Math.max(peakSampled, server.memory().rssMiB);
    }, 100);

    sink.reset();
    const started = performance.now();
    const data = await gql(server.url, startCampaign, { input: { organizationId: org.organizationId, confirm: true } }, { cookie });
    const campaignId = data.alertAllWithoutTwoFactor.id;
    let campaign;
    for (;;) {
      const { rows } = await db.query('select state, queued_count, skipped_count from alert_campaign where id = $1', [campaignId]);
      campaign = rows[0];
      if (campaign.state === 'FINISHED') break;
      if (performance.now() - started > 300_000) throw new Error('the campaign did not finish in 5 minutes');
      await new Promise((r) => setTimeout(r, 20));
    }
    const queuedMs = performance.now() - started;
    const deliveredAtQueued = sink.received;
    const watchUntil = started + queuedMs + watchSeconds * 1000;
    while (performance.now() < watchUntil && sink.received < members) await new Promise((r) => setTimeout(r, 100));
    clearInterval(sampler);
    const delivered = sink.received;
    const rate = delivered > 1 ? (delivered - 1) / ((sink.lastAt - sink.firstAt) / 1000) : 0;
    const memory = server.memory();
    if (campaign.queued_count !== members) throw new Error(`queued ${campaign.queued_count}, expected ${members}`);
    return {
      queuedMs,
      baselineMs,
      ratio: queuedMs / baselineMs,
      skipped: campaign.skipped_count,
      deliveredAtQueued,
      delivered,
      rate,
      deliverySeconds: (sink.lastAt - started) / 1000,
      idleMiB: idle.rssMiB,
      peakMiB: memory.peakMiB,
      peakSampled,
    };
  } finally {
    await server?.stop();
    await db.end();
    await database.drop();
  }
}

export async function run(log) {
  const sink = await startSmtpSink();
  try {
    const results = [];
    for (let i = 0; i < rounds; i += 1) {
      // Deliveries are watched in the last round only: the others would only add minutes.
      const r = await round(sink, i === rounds - 1 ? deliverySeconds : 0);
      results.push(r);
      log(
        `round ${i + 1}/${rounds}: queued ${fmt.n(members)} (skipped ${r.skipped}) in ${r.queuedMs.toFixed(0)} ms; ` +
          `baseline ${r.baselineMs.toFixed(0)} ms (${fmt.ratio(r.ratio)}); delivered ${r.deliveredAtQueued} while queueing` +
          (r.delivered > r.deliveredAtQueued ? `, ${r.delivered} in all` : '') +
          `; RSS idle ${r.idleMiB.toFixed(0)} MiB, peak ${r.peakMiB.toFixed(0)} MiB (sampled ${r.peakSampled.toFixed(0)})`,
      );
    }
    const queuedMs = median(results.map((r) => r.queuedMs));
    const baselineMs = median(results.map((r) => r.baselineMs));
    const ratio = median(results.map((r) => r.ratio));
    const last = results.at(-1);
    const worst = results.reduce((a, b) => (b.peakMiB - b.idleMiB > a.peakMiB - a.idleMiB ? b : a));
    return [
      row(title, `queueing ${fmt.n(members)} alerts (median of ${rounds})`, fmt.ms(queuedMs), {
        baseline: `${fmt.ms(baselineMs)} INSERT … SELECT`,
        ratio: fmt.ratio(ratio),
        target: '≤ 3× baseline',
        met: ratio <= 3,
      }),
      row(title, 'delivery to the SMTP sink', `${fmt.n(last.rate)} mails/s`, {
        baseline: `${fmt.n(last.delivered)} delivered in ${last.deliverySeconds.toFixed(0)} s`,
      }),
      row(title, 'server peak RSS', fmt.mib(worst.peakMiB), {
        baseline: `${fmt.mib(worst.idleMiB)} idle`,
        ratio: fmt.ratio(worst.peakMiB / worst.idleMiB),
        target: 'bounded (batches)',
        met: worst.peakMiB - worst.idleMiB < 200,
      }),
    ];
  } finally {
    await sink.stop();
  }
}

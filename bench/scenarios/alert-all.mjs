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

export async function run(log) {
  const database = await createDatabase(name);
  const sink = await startSmtpSink();
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
    const watchUntil = started + queuedMs + deliverySeconds * 1000;
    while (performance.now() < watchUntil && sink.received < members) await new Promise((r) => setTimeout(r, 100));
    clearInterval(sampler);
    const delivered = sink.received;
    const rate = delivered > 1 ? (delivered - 1) / ((sink.lastAt - sink.firstAt) / 1000) : 0;
    const memory = server.memory();
    log(
      `queued ${campaign.queued_count} (skipped ${campaign.skipped_count}) in ${queuedMs.toFixed(0)} ms; baseline ${baselineMs.toFixed(0)} ms; ` +
        `delivered ${deliveredAtQueued} while queueing, ${delivered} in total; RSS idle ${idle.rssMiB.toFixed(0)} MiB, peak ${memory.peakMiB.toFixed(0)} MiB (sampled ${peakSampled.toFixed(0)})`,
    );
    if (campaign.queued_count !== members) throw new Error(`queued ${campaign.queued_count}, expected ${members}`);

    const ratio = queuedMs / baselineMs;
    return [
      row(title, `queueing ${fmt.n(members)} alerts`, fmt.ms(queuedMs), {
        baseline: `${fmt.ms(baselineMs)} INSERT … SELECT`,
        ratio: fmt.ratio(ratio),
        target: '≤ 3× baseline',
        met: ratio <= 3,
      }),
      row(title, 'delivery to the SMTP sink', `${fmt.n(rate)} mails/s`, {
        baseline: `${fmt.n(delivered)} delivered in ${((sink.lastAt - started) / 1000).toFixed(0)} s`,
      }),
      row(title, 'server peak RSS', fmt.mib(memory.peakMiB), {
        baseline: `${fmt.mib(idle.rssMiB)} idle`,
        ratio: fmt.ratio(memory.peakMiB / idle.rssMiB),
        target: 'bounded (batches)',
        met: memory.peakMiB - idle.rssMiB < 200,
      }),
    ];
  } finally {
    await server?.stop();
    await db.end();
    await sink.stop();
    await database.drop();
  }
}

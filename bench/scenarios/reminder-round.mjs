import { scheduleRequirement } from '../lib/documents.mjs';
import { gql, signInAdministrator } from '../lib/graphql.mjs';
import { createDatabase, pool } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { seed } from '../lib/seed.mjs';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';

export const name = 'reminder-round';
export const title = '10 reminder round';

const members = 100_000;
/** Share of members with 2FA (the administrator has it too): most have none. */
const withTwoFactor = 0.1;
/** About one member without 2FA in `exemptEvery` is exempt (an exemption running 30 more days). */
const exemptEvery = 90;
/** Rounds, each on a fresh database: the reminder's time and its baseline are medians over them. */
const rounds = Math.max(1, Number(process.env.BENCH_REMINDER_ROUNDS ?? 3));
/** The sweeper's poll (`ROLLOUT_POLL_MS`) of the server. */
const pollMs = Number(process.env.BENCH_ROLLOUT_POLL_MS ?? 50);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const wallNow = () => performance.timeOrigin + performance.now();

/**
 * The baseline: the same reminder mails (members without 2FA and not exempt, the reminder's data)
 * by one INSERT … SELECT straight into `mail_message`, with its indexes, before any server runs;
 * the rows are deleted again after each run. Median of three.
 */
async function insertSelect(db, org, expected) {
  const times = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    const { rowCount } = await db.query(
      `insert into mail_message (id, to_address, template, organization_id, user_id, data, bulk, state, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), u.email, 'two-factor-alert', m.organization_id, m.user_id,
         jsonb_build_object('name', u.display_name, 'organization', $2::text, 'requester', 'Bench Administrator', 'campaignId', gen_random_uuid()::text)
           || jsonb_build_object('deadline', $3::text, 'reminderOffset', 1, 'timeZone', 'UTC'),
         true, 'QUEUED', 0, now(), now()
       from membership m join "user" u on u.id = m.user_id
       where m.organization_id = $1 and not u.two_factor_enabled
         and not exists (select 1 from exemption e where e.organization_id = m.organization_id and e.user_id = m.user_id
                         and e.ended_at is null and e.expires_at > now())`,
      [org.organizationId, org.name, new Date(Date.now() + 86_400_000).toISOString()],
    );
    times.push(performance.now() - started);
    if (rowCount !== expected) throw new Error(`baseline inserted ${rowCount} rows, expected ${expected}`);
    await db.query('delete from mail_message where organization_id = $1', [org.organizationId]);
  }
  return median(times);
}

/** One round: a fresh database and organization, the baseline on it, then a server's reminder. */
async function round(sink) {
  const database = await createDatabase(name);
  const db = pool(database.url, 2);
  let server;
  try {
    const org = await seed(database.url, { members, withTwoFactor, name: 'Reminder round' });
    const { organizationId } = org;
    // A few exempt members, spread over the user key (so over every batch).
    const { rowCount: exempt } = await db.query(
      `insert into exemption (id, organization_id, user_id, reason, expires_at, created_at)
       select gen_random_uuid(), m.organization_id, m.user_id, 'On leave', now() + interval '30 days', now()
       from membership m join "user" u on u.id = m.user_id
       where m.organization_id = $1 and not u.two_factor_enabled and m.role = 'USER' and abs(hashtext(m.user_id::text)) % $2 = 0`,
      [organizationId, exemptEvery],
    );
    const { rows: counted } = await db.query(
      `select count(*) filter (where not u.two_factor_enabled)::int as without
       from membership m join "user" u on u.id = m.user_id where m.organization_id = $1`,
      [organizationId],
    );
    const withoutTwoFactor = counted[0].without;
    const expected = withoutTwoFactor - exempt;
    const baselineMs = await insertSelect(db, org, expected);
    await db.query('vacuum analyze');

    server = await startServer({ label: name, databaseUrl: database.url, smtpUrl: sink.url, env: { ROLLOUT_POLL_MS: String(pollMs) } });
    const cookie = await signInAdministrator(server.url, org.administrator);
    // The plan two days ahead: with the default offsets (14, 7, 1), the 1-day reminder and the one
    // at the switch wait; the others were already past.
    const requiredFrom = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await gql(server.url, scheduleRequirement, { input: { organizationId, requiredFrom, confirm: true } }, { cookie });

    // The 1-day reminder falls due (its time a second ago; the server's clock is the real one), at
    // a random moment within the sweeper's poll.
    await sleep(Math.random() * pollMs);
    const { rowCount } = await db.query(
      `update reminder set due_at = now() - interval '1 second' where organization_id = $1 and offset_days = 1 and state = 'PENDING'`,
      [organizationId],
    );
    const dueAt = wallNow();
    const started = performance.now();
    if (rowCount !== 1) throw new Error('no pending 1-day reminder');
    let campaign;
    for (;;) {
      const { rows } = await db.query(
        `select c.state, c.queued_count, c.skipped_count, c.created_at from reminder r join alert_campaign c on c.id = r.campaign_id
         where r.organization_id = $1 and r.offset_days = 1`,
        [organizationId],
      );
      campaign = rows[0];
      if (campaign?.state === 'FINISHED') break;
      if (performance.now() - started > 300_000) throw new Error('the reminder was not queued in 5 minutes');
      await sleep(20);
    }
    const queuedMs = performance.now() - started;
    const waitMs = Math.max(0, new Date(campaign.created_at).getTime() - dueAt);
    if (campaign.queued_count !== expected) throw new Error(`queued ${campaign.queued_count}, expected ${expected}`);
    if (campaign.skipped_count !== exempt) throw new Error(`skipped ${campaign.skipped_count}, expected the ${exempt} exempt`);
    const { rows: mails } = await db.query(
      `select count(*)::int as n from mail_message where organization_id = $1 and template = 'two-factor-alert' and (data->>'reminderOffset')::int = 1`,
      [organizationId],
    );
    if (mails[0].n !== expected) throw new Error(`${mails[0].n} reminder mails in mail_message, expected ${expected}`);
    return { queuedMs, waitMs, baselineMs, ratio: queuedMs / baselineMs, expected, exempt, withoutTwoFactor };
  } finally {
    await server?.stop();
    await db.end();
    await database.drop();
  }
}

/**
 * A plan's reminder for an organization of 100,000 members, 90% without 2FA and about 1,000 of
 * those exempt: from the moment the reminder is due until its campaign has queued every mail (the
 * sweeper claims it and starts the campaign, the campaign runner queues it in batches of
 * `CAMPAIGN_BATCH_SIZE`), beside one INSERT … SELECT of the same mails.
 */
export async function run(log) {
  const sink = await startSmtpSink();
  try {
    const results = [];
    for (let i = 0; i < rounds; i += 1) {
      const r = await round(sink);
      results.push(r);
      log(
        `round ${i + 1}/${rounds}: ${fmt.n(r.withoutTwoFactor)} without 2FA, ${r.exempt} exempt; queued ${fmt.n(r.expected)} ` +
          `in ${r.queuedMs.toFixed(0)} ms (of it ${r.waitMs.toFixed(0)} ms until the sweeper's round); ` +
          `baseline ${r.baselineMs.toFixed(0)} ms (${fmt.ratio(r.ratio)})`,
      );
    }
    const queuedMs = median(results.map((r) => r.queuedMs));
    const baselineMs = median(results.map((r) => r.baselineMs));
    const ratio = median(results.map((r) => r.ratio));
    const mails = median(results.map((r) => r.expected));
    return [
      row(title, `due → ${fmt.n(mails)} reminder mails queued (median of ${rounds})`, fmt.ms(queuedMs), {
        baseline: `${fmt.ms(baselineMs)} INSERT … SELECT`,
        ratio: fmt.ratio(ratio),
      }),
      row(title, `of it: wait for the sweeper's round (ROLLOUT_POLL_MS ${pollMs}), median`, fmt.ms(median(results.map((r) => r.waitMs)))),
    ];
  } finally {
    await sink.stop();
  }
}

import { gql } from '../lib/graphql.mjs';
import { createDatabase, pool } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { seed } from '../lib/seed.mjs';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';

export const name = 'password-reset-timing';
export const title = '7 password-reset timing';

/** Requests per address in each phase. */
const requests = Number(process.env.BENCH_RESETS ?? 300);
const warmUp = 20;

const request = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request's time to its answer, as the asker sees it. */
async function timed(url, email) {
  const started = performance.now();
  const data = await gql(url, request, { input: { email } });
  const ms = performance.now() - started;
  if (data.requestPasswordReset !== true) throw new Error(`unexpected answer ${JSON.stringify(data)}`);
  return ms;
}

/** A fixed pseudo-random order of the two addresses (the same in every run). */
function shuffledOrder(n) {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => (random() < 0.5 ? 'existing' : 'unknown'));
}

export async function run(log) {
  const database = await createDatabase(name);
  const db = pool(database.url, 1);
  const smtp = await startSmtpSink();
  let server;
  try {
    const org = await seed(database.url, { members: 10, withTwoFactor: 0, name: 'Reset timing' });
    const address = { existing: org.administrator.email, unknown: 'nobody-here@example.test' };
    server = await startServer({
      label: name,
      databaseUrl: database.url,
      smtpUrl: smtp.url,
      // Every request comes from one address; the per-address limit (shared with sign-in) would
      // refuse all but the first few.
      env: { SIGN_IN_LIMIT_PER_ADDRESS: '1000000' },
    });
    let mailed = 0;
    /** Waits until the server is quiet: the link of an existing address is delivered (after its answer). */
    const quiet = async (which) => {
      if (which === 'existing') {
        mailed += 1;
        for (let waited = 0; smtp.received < mailed && waited < 5_000; waited += 2) await pause(2);
      }
      await pause(5); // the worker records the delivery
    };
    for (let i = 0; i < warmUp; i += 1) {
      for (const which of ['existing', 'unknown']) {
        await timed(server.url, address[which]);
        await quiet(which);
      }
    }

    // Quiet: each request meets a server that has finished the work of the one before.
    const times = { existing: [], unknown: [] };
    for (let i = 0; i < requests; i += 1) {
      const order = i % 2 === 0 ? ['existing', 'unknown'] : ['unknown', 'existing'];
      for (const which of order) {
        times[which].push(await timed(server.url, address[which]));
        await quiet(which);
      }
    }

    // Back to back, in a random order: the work after an existing address's answer meets the next
    // request, whichever it is. Kept by what came just before.
    const after = { existing: [], unknown: [] };
    let previous;
    for (const which of shuffledOrder(2 * requests)) {
      const ms = await timed(server.url, address[which]);
      if (previous) after[previous].push(ms);
      previous = which;
    }

    // The link is queued just after each answer: the last ones may still be on their way.
    const expected = warmUp + requests + shuffledOrder(2 * requests).filter((w) => w === 'existing').length;
    const queued = async () =>
      (await db.query(`select count(*)::int as n from mail_message where to_address = $1`, [address.existing])).rows[0].n;
    let n = await queued();
    for (let waited = 0; n < expected && waited < 5_000; waited += 100) {
      await pause(100);
      n = await queued();
    }

    const [e50, u50, e90, u90] = [50, 50, 90, 90].map((p, i) => percentile(i % 2 === 0 ? times.existing : times.unknown, p));
    const [ae50, au50] = [percentile(after.existing, 50), percentile(after.unknown, 50)];
    log(
      `quiet: existing p50 ${fmt.ms(e50)} p90 ${fmt.ms(e90)}, unknown p50 ${fmt.ms(u50)} p90 ${fmt.ms(u90)}; ` +
        `back to back: p50 after existing ${fmt.ms(ae50)} (${after.existing.length}), after unknown ${fmt.ms(au50)} (${after.unknown.length}); ` +
        `${n} reset mails queued for ${expected} requests to the existing address`,
    );
    const ratio = u50 / e50;
    return [
      row(title, `answer p50, ${requests} requests each: unknown address`, fmt.ms(u50), {
        baseline: `${fmt.ms(e50)} existing`,
        ratio: fmt.ratio(ratio),
        target: '0.9×-1.1× (same work)',
        met: ratio >= 0.9 && ratio <= 1.1,
      }),
      row(title, 'answer p90: unknown / existing', `${fmt.ms(u90)} / ${fmt.ms(e90)}`, { ratio: fmt.ratio(u90 / e90) }),
      row(title, 'back to back: next answer p50 after existing / after unknown', `${fmt.ms(ae50)} / ${fmt.ms(au50)}`, {
        ratio: fmt.ratio(ae50 / au50),
      }),
      row(title, 'reset mails queued for the existing address', fmt.n(n), {
        baseline: `${fmt.n(expected)} requests`,
        target: 'one per request',
        met: n === expected,
      }),
    ];
  } finally {
    await server?.stop();
    await smtp.stop();
    await db.end();
    await database.drop();
  }
}

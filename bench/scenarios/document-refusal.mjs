import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir } from '../lib/paths.mjs';
import { createDatabase } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { startServer } from '../lib/server.mjs';

export const name = 'document-refusal';
export const title = '8 document refusal';

/** Requests of each document (BENCH_REFUSALS overrides), after a warm-up; the server without the count gets a tenth. */
const requests = Number(process.env.BENCH_REFUSALS ?? 300);
/** Rounds of eight hostile documents at once, each with one /healthz request beside them. */
const rounds = 20;

const withoutMeasure = ['--import', pathToFileURL(path.join(benchDir, 'hooks/without-measure.mjs')).href];

/** The probe's document of issue 12: 740 copies of one field, 17 KB, under the token limit. */
const hostile = `{ ${Array.from({ length: 740 }, () => 'serverInfo { version }').join(' ')} }`;
const normal = `{ serverInfo { version } }`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** One anonymous request's round trip; checks that the normal document answers and the hostile one is refused. */
async function timed(url, query) {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = await response.json();
  const ms = performance.now() - started;
  const ok = query === normal ? typeof body.data?.serverInfo?.version === 'string' : body.errors?.length > 0 && !body.data;
  if (!ok) throw new Error(`unexpected answer ${JSON.stringify(body).slice(0, 200)}`);
  return { ms, code: body.errors?.[0]?.extensions?.code };
}

async function healthz(url) {
  const started = performance.now();
  const response = await fetch(`${url}/healthz`);
  if (!response.ok) throw new Error(`/healthz answered ${response.status}`);
  await response.arrayBuffer();
  return performance.now() - started;
}

/**
 * One server: `count` requests of each document, one at a time, the two taking turns so that
 * drift hits both alike; then `healthRounds` × (/healthz alone, and the slowest /healthz while eight
 * hostile documents are in flight at once: the event loop's delay as a health check sees it).
 */
async function measure(server, { count, healthRounds }) {
  for (let i = 0; i < Math.max(3, count / 10); i += 1) {
    await timed(server.url, normal);
    await timed(server.url, hostile);
  }
  const times = { normal: [], hostile: [] };
  const codes = new Set();
  for (let i = 0; i < count; i += 1) {
    const order = i % 2 === 0 ? ['normal', 'hostile'] : ['hostile', 'normal'];
    for (const which of order) {
      const answer = await timed(server.url, which === 'normal' ? normal : hostile);
      times[which].push(answer.ms);
      if (which === 'hostile') codes.add(answer.code);
    }
  }
  const alone = [];
  const beside = [];
  for (let i = 0; i < healthRounds; i += 1) {
    alone.push(await healthz(server.url));
    // /healthz one after another for as long as the eight are in flight; the round keeps the slowest.
    let done = false;
    const attack = Promise.all(Array.from({ length: 8 }, () => timed(server.url, hostile))).finally(() => (done = true));
    const seen = [];
    do seen.push(await healthz(server.url));
    while (!done);
    await attack;
    beside.push(Math.max(...seen));
  }
  const summary = (values) => ({ p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) });
  return {
    normal: summary(times.normal),
    hostile: summary(times.hostile),
    codes: [...codes],
    alone: summary(alone),
    beside: summary(beside),
  };
}

/**
 * Issue 12, defect 4: the 740-field document beside `{ serverInfo { version } }`, anonymous, on
 * one server; then the same on a server whose count is switched off by a bench-only module hook
 * (as before the fix: graphql-js validates the document, then refuses it).
 */
export async function run(log) {
  const db = await createDatabase(name);
  try {
    const server = await startServer({ label: name, databaseUrl: db.url });
    let counted;
    try {
      counted = await measure(server, { count: requests, healthRounds: rounds });
    } finally {
      await server.stop();
    }
    if (counted.codes.join() !== 'QUERY_TOO_COMPLEX') throw new Error(`refused with ${counted.codes.join()}`);
    log(`with the count: ${JSON.stringify(counted)}`);

    const before = await startServer({ label: `${name}-without-count`, databaseUrl: db.url, nodeArgs: withoutMeasure });
    let uncounted;
    try {
      if (!fs.readFileSync(before.logFile, 'utf8').includes('bench: document count disabled')) throw new Error('the hook did not apply');
      uncounted = await measure(before, { count: Math.ceil(requests / 10), healthRounds: 5 });
    } finally {
      await before.stop();
    }
    log(`without the count: ${JSON.stringify(uncounted)}`);

    const pair = (s) => `${fmt.ms(s.p50)} / ${fmt.ms(s.p99)}`;
    return [
      row(title, `740 repeated fields refused, p50 / p99 (${requests})`, pair(counted.hostile), {
        baseline: `${pair(counted.normal)} (serverInfo once)`,
        ratio: fmt.ratio(counted.hostile.p50 / counted.normal.p50),
        target: 'p99 ≤ 50 ms',
        met: counted.hostile.p99 <= 50,
      }),
      row(title, `the same without the count (before), p50 / p99 (${Math.ceil(requests / 10)})`, pair(uncounted.hostile), {
        baseline: `${pair(counted.hostile)} (with)`,
        ratio: fmt.ratio(uncounted.hostile.p50 / counted.hostile.p50),
        met: `info: ${uncounted.codes.join()}`,
      }),
      row(
        title,
        `slowest /healthz beside 8 at once, p50 / max (${rounds} rounds)`,
        `${fmt.ms(counted.beside.p50)} / ${fmt.ms(counted.beside.max)}`,
        {
          baseline: `${fmt.ms(counted.alone.p50)} / ${fmt.ms(counted.alone.max)} (alone)`,
          ratio: fmt.ratio(counted.beside.p50 / counted.alone.p50),
          target: 'max ≤ 250 ms (was > 1 s)',
          met: counted.beside.max <= 250,
        },
      ),
      row(title, 'the same without the count, p50 / max (5 rounds)', `${fmt.ms(uncounted.beside.p50)} / ${fmt.ms(uncounted.beside.max)}`, {
        baseline: `${fmt.ms(counted.beside.p50)} / ${fmt.ms(counted.beside.max)} (with)`,
        ratio: fmt.ratio(uncounted.beside.p50 / counted.beside.p50),
      }),
    ];
  } finally {
    await db.drop();
  }
}

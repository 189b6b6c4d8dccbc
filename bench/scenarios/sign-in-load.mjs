import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { body, membersPage } from '../lib/documents.mjs';
import { signInAdministrator } from '../lib/graphql.mjs';
import { runSeconds } from '../lib/load.mjs';
import { benchDir } from '../lib/paths.mjs';
import { createDatabase, pool } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { seed } from '../lib/seed.mjs';
import { startServer } from '../lib/server.mjs';

export const name = 'sign-in-load';
export const title = '6 sign-in under load';

const clients = 50;
/** The members page is read by this many administrators at once, each waiting for its answer. */
const readers = 2;
const phases = 4; // idle, storm, idle, storm
const phaseMs = Math.max(2_000, (runSeconds * 1000) / 2);

const percentile = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** The storm's own process (bench/load/sign-in-storm.mjs), driven by lines on its stdin. */
async function startStorm(url, password, emails) {
  const child = spawn(process.execPath, [path.join(benchDir, 'load/sign-in-storm.mjs'), url, password, ...emails], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const next = () => new Promise((resolve) => lines.once('line', (line) => resolve(JSON.parse(line))));
  await next(); // ready
  return {
    start: () => child.stdin.write('start\n'),
    reset: () => child.stdin.write('reset\n'),
    pause: () => child.stdin.write('pause\n'),
    async report() {
      const answer = next();
      child.stdin.write('report\n');
      return answer;
    },
  };
}

/** `readers` administrators reading the members page back to back; every latency is kept, by phase. */
function startReaders(url, requestBody, cookie) {
  let phase = 0;
  let running = true;
  const latencies = [];
  const loops = Array.from({ length: readers }, async () => {
    while (running) {
      const current = phase;
      const started = performance.now();
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: requestBody,
      });
      const answer = await res.json();
      if (answer.errors || !res.ok) throw new Error(`members page failed: ${JSON.stringify(answer.errors)}`);
      if (current === phase) (latencies[current] ??= []).push(performance.now() - started);
    }
  });
  return {
    set phase(value) {
      phase = value;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      return latencies;
    },
  };
}

export async function run(log) {
  const database = await createDatabase(name);
  const db = pool(database.url, 1);
  let server;
  try {
    const org = await seed(database.url, { members: 100_000, withTwoFactor: 0.3, name: 'Sign-in load' });
    const { rows } = await db.query(
      `select u.email from membership m join "user" u on u.id = m.user_id
       where m.organization_id = $1 and not u.two_factor_enabled and m.role = 'USER' order by u.email limit $2`,
      [org.organizationId, clients],
    );
    server = await startServer({
      label: name,
      databaseUrl: database.url,
      env: {
        TRUST_PROXY: 'true',
        // Each client signs its own account in again and again; the per-account limit would turn
        // them away before hashing, and hashing is the pressure this scenario is about.
        SIGN_IN_LIMIT_PER_ACCOUNT: '1000000',
        ...(process.env.BENCH_MAX_CONCURRENT_HASHES ? { MAX_CONCURRENT_HASHES: process.env.BENCH_MAX_CONCURRENT_HASHES } : {}),
      },
    });
    const cookie = await signInAdministrator(server.url, org.administrator);
    const storm = await startStorm(
      server.url,
      org.administrator.password,
      rows.map((r) => r.email),
    );

    // Warm-up: both loads once, then idle and storm phases in turn, so that drift hits both alike.
    const readersRun = startReaders(server.url, body(membersPage, { id: org.organizationId }), cookie);
    readersRun.phase = -1;
    storm.start();
    await new Promise((r) => setTimeout(r, 2_000));
    storm.pause();
    await new Promise((r) => setTimeout(r, 1_500));
    storm.reset(); // the warm-up's outcomes (a cold server, threads starting) are not measured
    for (let p = 0; p < phases; p += 1) {
      const stormy = p % 2 === 1;
      if (stormy) {
        storm.start();
        await new Promise((r) => setTimeout(r, 1_000)); // the hashing queue fills up
      }
      readersRun.phase = p;
      await new Promise((r) => setTimeout(r, phaseMs));
      readersRun.phase = -1;
      if (stormy) {
        storm.pause();
        await new Promise((r) => setTimeout(r, 1_500)); // the queue drains
      }
    }
    const latencies = await readersRun.stop();
    const { outcomes, codes } = await storm.report();
    const idle = latencies.filter((_, p) => p % 2 === 0).flat();
    const loaded = latencies.filter((_, p) => p % 2 === 1).flat();
    const { rows: addresses } = await db.query(`select count(*)::int as n from rate_limit where key like 'sign-in:ip:10.77.%'`);
    const stat = (values) => ({ n: values.length, p50: percentile(values, 50), p99: percentile(values, 99) });
    log(
      `idle ${JSON.stringify(stat(idle))}; storm ${JSON.stringify(stat(loaded))}; sign-in outcomes ${JSON.stringify(codes)} from ${addresses[0].n} addresses`,
    );

    const stormSeconds = ((phases / 2) * (phaseMs + 1_000) + 2_000) / 1000;
    const [i99, l99, i50, l50] = [percentile(idle, 99), percentile(loaded, 99), percentile(idle, 50), percentile(loaded, 50)];
    const okP50 = percentile(outcomes.ok, 50);
    const busyP99 = percentile(outcomes.busy, 99);
    return [
      row(title, `members page p99, ${readers} readers, while ${clients} clients sign in`, fmt.ms(l99), {
        baseline: `${fmt.ms(i99)} idle`,
        ratio: fmt.ratio(l99 / i99),
        target: '≤ 1.5× idle',
        met: l99 / i99 <= 1.5,
      }),
      row(title, 'members page p50, same', fmt.ms(l50), { baseline: `${fmt.ms(i50)} idle`, ratio: fmt.ratio(l50 / i50) }),
      row(
        title,
        'sign-ins completed: rate (p50 / p99)',
        `${fmt.n(outcomes.ok.length / stormSeconds)}/s (${fmt.ms(okP50)} / ${fmt.ms(percentile(outcomes.ok, 99))})`,
        {
          target: 'wait (bounded queue)',
          met: outcomes.other.length === 0,
        },
      ),
      row(
        title,
        'sign-ins refused BUSY: count (p50 / p99)',
        `${fmt.n(outcomes.busy.length)} (${fmt.ms(percentile(outcomes.busy, 50))} / ${fmt.ms(busyP99)})`,
        {
          baseline: `${fmt.ms(okP50)} completed p50`,
          ratio: outcomes.busy.length ? fmt.ratio(busyP99 / okP50) : '—',
          target: 'refused fast: p99 ≤ ¼ of a completed sign-in',
          met: outcomes.busy.length === 0 || busyP99 <= okP50 / 4,
        },
      ),
    ];
  } finally {
    await server?.stop();
    await db.end();
    await database.drop();
  }
}

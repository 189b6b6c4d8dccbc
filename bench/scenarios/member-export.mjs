import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, URLSearchParams } from 'node:url';
import { signInAdministrator } from '../lib/graphql.mjs';
import { benchDir, repoRoot } from '../lib/paths.mjs';
import { createDatabase, pool } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { seed } from '../lib/seed.mjs';
import { memoryOf, startServer } from '../lib/server.mjs';

export const name = 'member-export';
export const title = '13 member export';

/** Members of the exported organization (the administrator included): one data row each. */
const members = Number(process.env.BENCH_EXPORT_MEMBERS ?? 100_000);
/** Measured repetitions of each side, after one unmeasured run of each that checks the files. */
const repetitions = Math.max(1, Number(process.env.BENCH_EXPORT_REPS ?? 5));
/** The export's rows are cut into this many parts for the memory peak of each (does memory grow with the rows?). */
const parts = 10;

const serverDist = path.join(repoRoot, 'packages/server/dist');
const memoryHook = ['--expose-gc', '--import', pathToFileURL(path.join(benchDir, 'hooks/memory-peaks.mjs')).href];
const MiB = 1024 * 1024;

const sortedOf = (values) => [...values].sort((a, b) => a - b);
const median = (values) => {
  const sorted = sortedOf(values);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const mibOf = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
/** A growth in MiB with its sign (no `-0.0`). */
const signed = (v) => (Math.abs(v) < 0.05 ? '±0.0' : `${v > 0 ? '+' : '-'}${Math.abs(v).toFixed(1)}`);
const literal = (value) => `'${String(value).replace(/'/g, "''")}'`;

/** Line feeds in a chunk: one per CSV record (no seeded cell holds a line break; the check pass confirms it). */
function lineFeeds(chunk) {
  let count = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count += 1;
  return count;
}

/**
 * The baseline's statement: the member list's own select (`memberColumns` of the built server,
 * the same join of `membership` and `"user"`, the same correlated reads of methods, last alert,
 * open exemption and policy), over the whole organization in the list's order instead of keyset
 * pages, its rows turned into the export's thirteen columns in SQL (compliance, deadline and
 * blocked-since as `complianceIn`, `deadlineIn` and `toMember` judge them; times ISO 8601 in UTC;
 * none as an empty cell), written by `COPY … TO STDOUT WITH (FORMAT csv, HEADER)`.
 */
async function copyStatement(organizationId, now) {
  // The module's neighbours carry type-graphql decorators, which need the metadata polyfill the server loads.
  await import(pathToFileURL(createRequire(path.join(serverDist, 'index.js')).resolve('reflect-metadata')).href);
  const { memberColumns } = await import(pathToFileURL(path.join(serverDist, 'modules/organizations/members.query.js')).href);
  const at = `${literal(now.toISOString())}::timestamptz`;
  const iso = (expression) => `to_char((${expression}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return `copy (
  select r.id, r.display_name as name, r.email, r.role, r.kind, ${iso('r.joined_at')} as joined_at, c.compliance,
    nullif(array_to_string(r.method_kinds, ' '), '') as two_factor_methods,
    case when c.exempt_until > ${at} then r.exemption->>'reason' end as exemption_reason,
    ${iso(`case when c.exempt_until > ${at} then c.exempt_until end`)} as exemption_expires_at,
    ${iso(`case when c.compliance = 'IN_WINDOW' then c.deadline end`)} as deadline,
    ${iso(`case when c.compliance = 'NON_COMPLIANT' and (c.two_factor_required or c.required_from <= ${at})
      then greatest(case when c.two_factor_required then c.policy_changed_at else c.required_from end, r.deadline_at) end`)} as blocked_since,
    ${iso('r.last_alerted_at')} as last_alerted_at
  from (
    select ${memberColumns}, lower(u.display_name) as sort_key
    from membership m join "user" u on u.id = m.user_id
    where m.organization_id = ${literal(organizationId)}
    order by lower(u.display_name), u.id
  ) r
  cross join lateral (
    select p.*,
      case when (case when p.allowed_methods = 'PHISHING_RESISTANT' then r.phishing_resistant else r.two_factor_enabled end) then 'COMPLIANT'
        when p.exempt_until > ${at} then 'EXEMPT'
        when p.deadline is not null then 'IN_WINDOW'
        else 'NON_COMPLIANT' end as compliance
    from (
      select r.policy->>'allowed_methods' as allowed_methods, (r.policy->>'two_factor_required')::boolean as two_factor_required,
        (r.policy->>'required_from')::timestamptz as required_from, (r.policy->>'policy_changed_at')::timestamptz as policy_changed_at,
        (r.exemption->>'expires_at')::timestamptz as exempt_until,
        greatest(case when (r.policy->>'required_from')::timestamptz > ${at} then (r.policy->>'required_from')::timestamptz end,
          case when r.deadline_at > ${at} then r.deadline_at end) as deadline
    ) p
  ) c
  order by r.sort_key, r.id
) to stdout with (format csv, header)`;
}

/**
 * Reads a byte stream to its end as a client would, counting bytes and line feeds; with `progress`
 * (an array), the wall-clock time and the rows received so far are added at each chunk. With
 * `keep`, the whole text is returned as well; `onRows` is called with the rows so far at each chunk.
 */
function consume(stream, started, { keep, progress, onRows }) {
  return new Promise((resolve, reject) => {
    let firstAt;
    let bytes = 0;
    let lines = 0;
    const chunks = [];
    stream.on('data', (chunk) => {
      firstAt ??= performance.now();
      bytes += chunk.length;
      lines += lineFeeds(chunk);
      if (progress) progress.push({ at: Date.now(), rows: Math.max(0, lines - 1) });
      onRows?.(lines - 1);
      if (keep) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('aborted', () => reject(new Error('the response was cut before its end')));
    stream.once('end', () =>
      resolve({
        ms: performance.now() - started,
        firstByteMs: firstAt - started,
        bytes,
        rows: lines - 1,
        text: keep ? Buffer.concat(chunks).toString('utf8') : undefined,
      }),
    );
  });
}

/** `GET /export/members.csv?organizationId=…` with the administrator's session cookie, read to its end. */
function exportMembers(server, organizationId, cookie, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(
      `${server.url}/export/members.csv?${new URLSearchParams({ organizationId })}`,
      { headers: { cookie }, agent: false },
      (res) => {
        if (res.statusCode !== 200 || res.headers['content-type'] !== 'text/csv; charset=utf-8') {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => reject(new Error(`export answered ${res.statusCode} ${res.headers['content-type']}: ${body.slice(0, 300)}`)));
          return;
        }
        consume(res, started, options).then(resolve, reject);
      },
    );
    request.once('error', reject);
  });
}

/**
 * `psql -c 'COPY … TO STDOUT'` as a child process, its standard output read here (process start and
 * connection included). `jit` is PostgreSQL's setting for the session (`on` is its default).
 */
function copyOut(databaseUrl, statement, { jit = 'off', ...options } = {}) {
  const started = performance.now();
  const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-c', `set jit = ${jit}`, '-c', statement], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise((resolve) => child.once('close', resolve));
  return Promise.all([consume(child.stdout, started, options), exited]).then(([result, code]) => {
    if (code !== 0) throw new Error(`psql exited with ${code}: ${stderr.slice(0, 300)}`);
    return { ...result, ms: performance.now() - started };
  });
}

/**
 * The server's memory over a window. `reset()` asks the hook to report (which ends its window with a
 * full collection and starts the next one after it), then sets the kernel's high-water mark of the
 * process to its RSS now (`5` into /proc/<pid>/clear_refs). `read()` returns, for the window since:
 * RSS at its start, the kernel's peak (VmHWM), the hook's peaks of `process.memoryUsage()` sampled
 * every 20 ms (heap used, external) over the values it started from, its samples (time, heap used,
 * RSS), and the heap used after the full collection that closes the window.
 */
function memoryWindows(server, file) {
  let sequence = 0;
  const hookReport = async () => {
    sequence += 1;
    process.kill(server.pid, 'SIGUSR2');
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        const report = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (report.sequence === sequence) return report;
      } catch {
        // not written yet
      }
      if (Date.now() > deadline) throw new Error('the memory hook did not answer (is bench/hooks/memory-peaks.mjs loaded?)');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  let startRss;
  return {
    async reset() {
      await hookReport();
      fs.writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
      startRss = memoryOf(server.pid).rssMiB;
    },
    /** A full collection now, in the middle of the window: the heap used after it over the window's start (a diagnostic; the window's peaks restart). */
    async collect() {
      const hook = await hookReport();
      return (hook.afterGc.heapUsed - hook.from.heapUsed) / MiB;
    },
    async read() {
      const { peakMiB } = memoryOf(server.pid);
      const hook = await hookReport();
      return {
        startMiB: startRss,
        peakMiB,
        growthMiB: peakMiB - startRss,
        heapFromMiB: hook.from.heapUsed / MiB,
        heapGrowthMiB: (hook.peak.heapUsed - hook.from.heapUsed) / MiB,
        externalGrowthMiB: (hook.peak.external - hook.from.external) / MiB,
        retainedMiB: hook.afterGc ? (hook.afterGc.heapUsed - hook.from.heapUsed) / MiB : NaN,
        series: hook.series.map(([at, heapUsed, rss]) => ({ at, heapMiB: heapUsed / MiB, rssMiB: rss / MiB })),
      };
    },
  };
}

/**
 * The peak of heap used and of RSS (the hook's samples) in each part of the rows: each sample is
 * counted in the part of the rows the client had received at its time (wall clock, shared by both
 * processes); samples before the first row count in the first part.
 */
function peaksByPart(series, timeline) {
  const heap = Array(parts).fill(null);
  const rss = Array(parts).fill(null);
  let t = 0;
  for (const sample of series) {
    while (t + 1 < timeline.length && timeline[t + 1].at <= sample.at) t += 1;
    const rows = timeline.length > 0 && timeline[t].at <= sample.at ? timeline[t].rows : 0;
    const part = Math.min(parts - 1, Math.floor((rows / members) * parts));
    heap[part] = Math.max(heap[part] ?? 0, sample.heapMiB);
    rss[part] = Math.max(rss[part] ?? 0, sample.rssMiB);
  }
  return { heap, rss };
}

/** Checks both files of the unmeasured run: every data row, the same ids in the same order, and how many rows are byte for byte the same. */
function compareFiles(exported, copied) {
  if (!exported.text.startsWith('\uFEFF')) throw new Error('the export does not begin with a BOM');
  const a = exported.text.slice(1).split('\n');
  const b = copied.text.split('\n');
  if (a.at(-1) !== '' || b.at(-1) !== '') throw new Error('a file does not end with a line feed');
  a.pop();
  b.pop();
  if (a[0] !== b[0]) throw new Error(`headers differ: ${a[0]} / ${b[0]}`);
  if (a.length - 1 !== members || b.length - 1 !== members)
    throw new Error(`${a.length - 1} exported and ${b.length - 1} copied rows, expected ${members}`);
  let same = 0;
  let firstDifference;
  for (let i = 1; i < a.length; i += 1) {
    if (a[i].slice(0, 36) !== b[i].slice(0, 36)) throw new Error(`row ${i}: export has ${a[i].slice(0, 36)}, COPY ${b[i].slice(0, 36)}`);
    if (a[i] === b[i]) same += 1;
    else firstDifference ??= `${a[i]}\n      COPY: ${b[i]}`;
  }
  return { header: a[0], same, firstDifference };
}

/**
 * One organization of 100,000 members (the seed command, 30% with 2FA, as scenario 1), exported as
 * a client downloads it: `GET /export/members.csv?organizationId=…` with the administrator's session
 * cookie from a server started as its own process, the body read to its end over `node:http`
 * (bytes and rows counted, time to the first body byte and to the end). Baseline: the same rows
 * and columns by `COPY (…) TO STDOUT WITH (FORMAT csv, HEADER)` through `psql`, read the same way.
 * One unmeasured run of each compares the two files (and a full collection halfway through that
 * export shows what is live then); then `repetitions` of each, taking turns, each export after an
 * idle window of the same length: the server's peak RSS (VmHWM, reset before each window) over its
 * RSS at the window's start, exporting and idle, the peak of heap used over a collected heap, the
 * peaks by tenth of the rows, and the heap left after the window and a full collection.
 */
export async function run(log) {
  const database = await createDatabase(name);
  const memoryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-bench-memory-')), 'peaks.json');
  let server;
  try {
    const org = await seed(database.url, { members, withTwoFactor: 0.3, name: 'Member export' });
    log(`seeded ${fmt.n(org.members)} members in ${org.seconds} s`);
    const db = pool(database.url, 1);
    await db.query('vacuum analyze');
    await db.end();

    server = await startServer({ label: name, databaseUrl: database.url, nodeArgs: memoryHook, env: { BENCH_MEMORY_FILE: memoryFile } });
    const cookie = await signInAdministrator(server.url, org.administrator);
    const memory = memoryWindows(server, memoryFile);
    const statement = await copyStatement(org.organizationId, new Date());

    // The unmeasured run of each: both files read whole and compared. This COPY keeps PostgreSQL's
    // default `jit = on`; the measured ones turn it off (see below). Halfway through this export the
    // hook runs a full collection: what is live then, against what the measured exports' peaks show
    // (garbage not yet collected, or memory kept per row?).
    await memory.reset();
    let halfway;
    const firstExport = await exportMembers(server, org.organizationId, cookie, {
      keep: true,
      onRows: (rows) => {
        if (rows >= members / 2) halfway ??= memory.collect();
      },
    });
    const liveHalfwayMiB = await halfway;
    await memory.read();
    const firstCopy = await copyOut(database.url, statement, { keep: true, jit: 'on' });
    const check = compareFiles(firstExport, firstCopy);
    log(
      `checked: ${fmt.n(members)} data rows in each file, the same ids in the same order; ${fmt.n(check.same)} rows byte for byte the same` +
        (check.firstDifference ? `; first difference:\n      export: ${check.firstDifference}` : '') +
        `\n    header: ${check.header}\n    unmeasured run: export ${seconds(firstExport.ms)}, COPY with jit = on ${seconds(firstCopy.ms)} ` +
        `(first byte ${fmt.ms(firstCopy.firstByteMs)}); heap used after a full GC at row ${fmt.n(members / 2)} of the export: ` +
        `${signed(liveHalfwayMiB)} MiB over before it`,
    );

    // Measured: the sides take turns; each export comes after an idle window as long as an export,
    // what the same process's memory does while nothing is exported. The COPY runs with `jit = off`:
    // its one statement over 100,000 rows costs more than PostgreSQL's JIT thresholds, and
    // compiling it took about a second (the export's pages of 1,000 rows stay under them).
    const exports = [];
    const copies = [];
    const idles = [];
    let idleMs = firstExport.ms;
    for (let r = 0; r < repetitions; r += 1) {
      await memory.reset();
      await new Promise((resolve) => setTimeout(resolve, Math.min(idleMs, 15_000)));
      const idle = await memory.read();
      idles.push(idle);

      await memory.reset();
      const progress = [];
      const exported = await exportMembers(server, org.organizationId, cookie, { progress });
      const used = await memory.read();
      if (exported.rows !== members) throw new Error(`the export had ${exported.rows} data rows, expected ${members}`);
      const byPart = peaksByPart(used.series, progress);
      exports.push({ ...exported, ...used, byPart });
      idleMs = median(exports.map((e) => e.ms));

      const copied = await copyOut(database.url, statement);
      if (copied.rows !== members) throw new Error(`COPY wrote ${copied.rows} data rows, expected ${members}`);
      copies.push(copied);
      const list = (values) => values.map((v) => (v === null ? '—' : v.toFixed(0))).join(' ');
      log(
        `run ${r + 1}/${repetitions}: export ${seconds(exported.ms)} (first byte ${fmt.ms(exported.firstByteMs)}, ${fmt.n(exported.bytes)} bytes), ` +
          `COPY ${seconds(copied.ms)} (first byte ${fmt.ms(copied.firstByteMs)}, ${fmt.n(copied.bytes)} bytes), ${fmt.ratio(exported.ms / copied.ms)}\n` +
          `    server RSS ${used.startMiB.toFixed(0)} MiB → peak ${used.peakMiB.toFixed(0)} (${signed(used.growthMiB)}); ` +
          `heap used ${used.heapFromMiB.toFixed(0)} MiB after a full GC → peak ${signed(used.heapGrowthMiB)}, ` +
          `${signed(used.retainedMiB)} after the export and a full GC; external ${signed(used.externalGrowthMiB)}\n` +
          `    peaks by tenth of the rows, MiB: heap used ${list(byPart.heap)}; RSS ${list(byPart.rss)}\n` +
          `    idle window ${seconds(Math.min(idleMs, 15_000))}: RSS ${signed(idle.growthMiB)} MiB, heap used ${signed(idle.heapGrowthMiB)}`,
      );
    }

    const ratios = exports.map((e, i) => e.ms / copies[i].ms);
    const rowsPerSecond = (x) => members / (x.ms / 1000);
    const mbPerSecond = (x) => x.bytes / 1e6 / (x.ms / 1000);
    const csvMiB = firstExport.bytes / MiB;
    const growth = exports.map((e) => e.growthMiB);
    /** The median, then min–max, of one figure over the repetitions, the unit written once. */
    const spread = (list, pick, digits, unit) => {
      const values = list.map(pick);
      const sorted = sortedOf(values);
      const n = (v) => (digits === 0 ? fmt.n(v) : v.toFixed(digits).replace(/^-(0\.0*)$/, '$1'));
      return `${n(median(values))} ${unit} (${n(sorted[0])}–${n(sorted.at(-1))})`;
    };
    const ratioSpread = (values) =>
      `${median(values).toFixed(2)}× (${sortedOf(values)[0].toFixed(2)}–${sortedOf(values).at(-1).toFixed(2)})`;
    // Does memory grow with the rows? The growth over the start in the second tenth of the rows and in
    // the last (the first tenth includes the wait for the first page): growth that follows the rows makes about 5×.
    const growthIn = (e, kind, part) => e.byPart[kind][part] - (kind === 'heap' ? e.heapFromMiB : e.startMiB);
    const tenths = (kind) =>
      `${signed(median(exports.map((e) => growthIn(e, kind, 1))))} → ${signed(median(exports.map((e) => growthIn(e, kind, parts - 1))))} MiB`;
    const times = (v) => `${v.toFixed(1)}×`;
    return [
      row(
        title,
        `members.csv, ${fmt.n(members)} rows: whole download (median of ${repetitions}, min–max)`,
        spread(exports, (e) => e.ms / 1000, 2, 's'),
        { baseline: `${spread(copies, (c) => c.ms / 1000, 2, 's')} COPY … TO STDOUT (psql, jit off)`, ratio: ratioSpread(ratios) },
      ),
      row(
        title,
        'throughput: rows/s · MB/s',
        `${spread(exports, rowsPerSecond, 0, 'rows/s')} · ${spread(exports, mbPerSecond, 1, 'MB/s')}`,
        { baseline: `${spread(copies, rowsPerSecond, 0, 'rows/s')} · ${spread(copies, mbPerSecond, 1, 'MB/s')}` },
      ),
      row(
        title,
        'time to first byte',
        spread(exports, (e) => e.firstByteMs, 0, 'ms'),
        {
          baseline: `${spread(copies, (c) => c.firstByteMs, 0, 'ms')} (psql start and connection included)`,
        },
      ),
      row(title, "COPY with PostgreSQL's default jit = on (the unmeasured run)", '—', {
        baseline: `${seconds(firstCopy.ms)}, first byte ${fmt.ms(firstCopy.firstByteMs)}`,
        ratio: fmt.ratio(firstCopy.ms / median(copies.map((c) => c.ms))),
      }),
      row(title, 'CSV size', `${fmt.n(firstExport.bytes)} bytes (${mb(firstExport.bytes)}, ${mibOf(firstExport.bytes)})`, {
        baseline: `${fmt.n(firstCopy.bytes)} bytes (no BOM)`,
        ratio: `${check.same === members ? 'every row' : `${fmt.n(check.same)} rows`} byte for byte the same`,
      }),
      row(
        title,
        'server peak RSS growth while exporting (VmHWM over RSS before)',
        spread(exports, (e) => e.growthMiB, 1, 'MiB'),
        {
          baseline: `${spread(idles, (i) => i.growthMiB, 1, 'MiB')} idle window as long; RSS before ${spread(exports, (e) => e.startMiB, 0, 'MiB')}`,
          ratio: `${times(median(growth) / csvMiB)} the CSV's size (max ${times(Math.max(...growth) / csvMiB)})`,
        },
      ),
      row(
        title,
        'server heap used: peak growth over a collected heap (sampled every 20 ms)',
        spread(exports, (e) => e.heapGrowthMiB, 1, 'MiB'),
        {
          baseline: `${spread(idles, (i) => i.heapGrowthMiB, 1, 'MiB')} idle window`,
          ratio: `${times(median(exports.map((e) => e.heapGrowthMiB)) / csvMiB)} the CSV's size`,
        },
      ),
      row(
        title,
        'server heap used after the export and a full GC, over before',
        spread(exports, (e) => e.retainedMiB, 1, 'MiB'),
        {
          baseline: `${spread(idles, (i) => i.retainedMiB, 1, 'MiB')} idle window`,
        },
      ),
      row(
        title,
        'growth over the start, peak in the second tenth of the rows → in the last (medians): heap used · RSS',
        `${tenths('heap')} · ${tenths('rss')}`,
        {
          baseline: 'bounded: about 1×; growing with the rows: about 5×',
          ratio: `heap ${ratioSpread(exports.map((e) => growthIn(e, 'heap', parts - 1) / growthIn(e, 'heap', 1)))}`,
        },
      ),
      row(
        title,
        `server heap used after a full GC at row ${fmt.n(members / 2)} (the unmeasured export), over before it`,
        `${signed(liveHalfwayMiB)} MiB`,
        { baseline: `${spread(exports, (e) => e.heapGrowthMiB, 1, 'MiB')} peak growth without it` },
      ),
    ];
  } finally {
    await server?.stop();
    await database.drop();
    fs.rmSync(path.dirname(memoryFile), { recursive: true, force: true });
  }
}

// A bounded load soak on loopback — a script, not a CI test. Build first (`pnpm build`), then:
//
//   node bench/soak.mjs                 # ten minutes
//   SOAK_MINUTES=2 node bench/soak.mjs  # any length from 0.25 to 60 minutes
//
// It starts the built server as its own process (NODE_ENV=production) on a fresh database of the
// machine's PostgreSQL (SOAK_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres) with a
// local SMTP sink, then runs mixed traffic: sign-ins and sign-outs, member pages, audit pages,
// alerts, requirement switches, and WebSocket subscribers that connect, listen and leave (skipped
// if the schema has no subscriptions). It samples the server's RSS, open file descriptors and
// sockets, established TCP connections and database connections, and prints them at the start
// (after a warm-up), at the end of the traffic and after a settle period, with a verdict against
// the bounds below. Exit code 1 when a bound is exceeded, 2 when the harness itself failed.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import WebSocket from 'ws';
import { argon2Options } from '@twostep/server';
import { freePort } from './lib/free-port.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const mainJs = path.resolve(here, '../packages/server/dist/main.js');
const minutes = Math.min(60, Math.max(0.25, Number(process.env.SOAK_MINUTES ?? 10)));
const bounds = {
  rssGrowthMb: Number(process.env.SOAK_MAX_RSS_GROWTH_MB ?? 64),
  dbConnections: 21, // the server's pool (20) and nothing more
};
const httpWorkers = Number(process.env.SOAK_HTTP_WORKERS ?? 6);
const socketWorkers = Number(process.env.SOAK_SOCKET_WORKERS ?? 8);
const warmupMs = 10_000;
const settleMs = 10_000;
const adminUrl = process.env.SOAK_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const say = (line) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------- infrastructure
async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function smtpSink() {
  const sink = { received: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        sink.received += 1;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ sink, url: `smtp://127.0.0.1:${server.server.address().port}?tls=off`, close: () => server.close() }),
    ),
  );
}

async function startServer(env) {
  const child = spawn(process.execPath, [mainJs], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors = (errors + chunk).slice(-5_000)));
  child.stdout.on('data', (chunk) => (errors = (errors + chunk).slice(-5_000)));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited while starting:\n${errors}`);
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${errors}`);
    const ok = await fetch(`http://127.0.0.1:${env.PORT}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, exited, errors: () => errors };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---------------------------------------------------------------- measurements
function processFacts(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  let fds = 0;
  let sockets = 0;
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    fds += 1;
    try {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets += 1;
    } catch {
      // closed meanwhile
    }
  }
  return { rssMb: rssKb / 1024, fds, sockets };
}

/** Established TCP connections whose local port is the server's (clients connected to it). */
function establishedTo(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const parts = line.trim().split(/\s+/);
      if (parts.length > 3 && parts[1].endsWith(`:${hex}`) && parts[3] === '01') count += 1;
    }
  }
  return count;
}

// ---------------------------------------------------------------- traffic
const agent = new http.Agent({ keepAlive: true, maxSockets: httpWorkers + 4 });
const stats = { requests: 0, byOutcome: new Map(), latencies: [], socketsOpened: 0, events: 0, socketErrors: 0 };

function graphql(port, query, variables, headers = {}) {
  const body = JSON.stringify({ query, variables });
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          stats.latencies.push(performance.now() - started);
          stats.requests += 1;
          let parsed;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            parsed = { errors: [{ extensions: { code: `HTTP_${response.statusCode}` } }] };
          }
          const outcome = parsed.errors?.[0]?.extensions?.code ?? 'OK';
          stats.byOutcome.set(outcome, (stats.byOutcome.get(outcome) ?? 0) + 1);
          resolve({ ...parsed, setCookie: response.headers['set-cookie'] });
        });
      },
    );
    request.on('error', (error) => {
      stats.byOutcome.set(`NETWORK_${error.code ?? 'ERROR'}`, (stats.byOutcome.get(`NETWORK_${error.code ?? 'ERROR'}`) ?? 0) + 1);
      resolve({ errors: [{ extensions: { code: 'NETWORK' } }] });
    });
    request.end(body);
  });
}

const pick = (items) => items[Math.floor(Math.random() * items.length)];
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function httpWorker(world, until) {
  const { port, organizationId, adminCookie, people, password } = world;
  const admin = { cookie: adminCookie };
  while (Date.now() < until) {
    const roll = Math.random();
    if (roll < 0.2) {
      const person = pick(people);
      const signIn = await graphql(
        port,
        `
          mutation ($input: SignInInput!) {
            signIn(input: $input) {
              __typename
            }
          }
        `,
        {
          input: { email: person, password: Math.random() < 0.1 ? 'a wrong password here' : password, client: 'WEB' },
        },
      );
      const cookie = /twostep_session=[^;]+/.exec(String(signIn.setCookie ?? ''))?.[0];
      if (cookie) {
        await graphql(
          port,
          `
            {
              viewer {
                id
                memberships {
                  role
                  organization {
                    name
                    twoFactorRequired
                  }
                }
              }
            }
          `,
          {},
          { cookie },
        );
        await graphql(
          port,
          `
            mutation {
              signOut
            }
          `,
          {},
          { cookie },
        );
      }
    } else if (roll < 0.6) {
      const filter = pick([{}, { twoFactor: 'DISABLED' }, { search: pick(['member', '1', 'soak', 'zz']) }, { role: 'USER' }]);
      await graphql(
        port,
        `
          query ($id: ID!, $filter: MemberFilter) {
            organization(id: $id) {
              members(first: 50, filter: $filter) {
                totalCount
                edges {
                  node {
                    id
                    email
                    twoFactorEnabled
                    lastAlertedAt
                  }
                }
              }
            }
          }
        `,
        { id: organizationId, filter },
        admin,
      );
    } else if (roll < 0.75) {
      await graphql(
        port,
        `
          query ($id: ID!) {
            organization(id: $id) {
              securitySummary {
                members
                withTwoFactor
                compliancePercent
              }
              auditLog(first: 20) {
                edges {
                  node {
                    action
                    at
                  }
                }
              }
            }
          }
        `,
        { id: organizationId },
        admin,
      );
    } else if (roll < 0.95) {
      await graphql(
        port,
        `
          mutation ($input: SendAlertInput!) {
            sendAlert(input: $input) {
              id
              state
            }
          }
        `,
        {
          input: { organizationId, userId: pick(world.memberIds), confirm: true },
        },
        admin,
      );
    } else {
      world.required = !world.required;
      await graphql(
        port,
        `
          mutation ($input: SetTwoFactorRequirementInput!) {
            setTwoFactorRequirement(input: $input) {
              twoFactorRequired
            }
          }
        `,
        {
          input: { organizationId, required: world.required, confirm: true },
        },
        admin,
      );
    }
    await pause(Math.random() * 30);
  }
}

const subscriptionDocuments = (organizationId) => [
  `subscription { memberSecurityChanged(organizationId: "${organizationId}") { userId change } }`,
  `subscription { organizationPolicyChanged(organizationId: "${organizationId}") { twoFactorRequired } }`,
  `subscription { securitySummaryChanged(organizationId: "${organizationId}") { organizationId } }`,
];

async function socketWorker(world, until, open) {
  while (Date.now() < until) {
    const ws = new WebSocket(`ws://127.0.0.1:${world.port}/graphql`, 'graphql-transport-ws', {
      headers: { cookie: world.adminCookie, origin: `http://127.0.0.1:${world.port}` },
    });
    stats.socketsOpened += 1;
    open.add(ws);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.on('error', () => (stats.socketErrors += 1));
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.type === 'connection_ack') {
        const documents = subscriptionDocuments(world.organizationId).filter(() => Math.random() < 0.7);
        documents.forEach((query, i) => ws.send(JSON.stringify({ id: String(i + 1), type: 'subscribe', payload: { query } })));
      } else if (message.type === 'next') stats.events += 1;
    });
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    await Promise.race([closed, pause(2_000 + Math.random() * 6_000)]);
    // Leave politely most of the time, abruptly sometimes.
    if (Math.random() < 0.8) ws.close();
    else ws.terminate();
    await closed;
    open.delete(ws);
  }
}

// ---------------------------------------------------------------- the run
async function seed(db, passwordHash) {
  const organizationId = randomUUID();
  const adminId = randomUUID();
  const token = `tsw_${randomBytes(32).toString('base64url')}`;
  await db.query(`insert into organization (id, name, two_factor_required, created_at) values ($1, 'Soak Org', false, now())`, [
    organizationId,
  ]);
  await db.query(
    `insert into "user" (id, email, display_name, password_hash, two_factor_enabled, created_at) values ($1, 'admin@soak.example', 'Soak Admin', $2, true, now())`,
    [adminId, passwordHash],
  );
  await db.query(
    `insert into membership (organization_id, user_id, role, kind, joined_at) values ($1, $2, 'LEGAL_REPRESENTATIVE', 'INTERNAL', now())`,
    [organizationId, adminId],
  );
  await db.query(
    `insert into session (id, token_hash, user_id, client, created_at, last_used_at, expires_at) values ($1, $2, $3, 'WEB', now(), now(), now() + interval '1 day')`,
    [randomUUID(), createHash('sha256').update(token).digest(), adminId],
  );
  await db.query(
    `insert into "user" (id, email, display_name, password_hash, two_factor_enabled, created_at)
     select gen_random_uuid(), 'member-' || i || '@soak.example', 'Soak Member ' || i, $1, i % 3 = 0, now() from generate_series(1, 2000) as i`,
    [passwordHash],
  );
  await db.query(
    `insert into membership (organization_id, user_id, role, kind, joined_at) select $1, id, 'USER', 'INTERNAL', now() from "user" where email like 'member-%@soak.example'`,
    [organizationId],
  );
  const memberIds = (await db.query(`select id from "user" where email like 'member-%@soak.example' and not two_factor_enabled`)).rows.map(
    (r) => r.id,
  );
  const people = (
    await db.query(`select email from "user" where email like 'member-%@soak.example' and not two_factor_enabled limit 200`)
  ).rows.map((r) => r.email);
  return { organizationId, adminCookie: `twostep_session=${token}`, memberIds, people };
}

async function main() {
  if (!fs.existsSync(mainJs)) throw new Error('build first: pnpm build');
  const name = `twostep_soak_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(`create database ${name}`);
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-soak-'));
  const smtp = await smtpSink();
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtp.url,
    SECRET_KEY: randomBytes(32).toString('base64'),
    DATA_DIR: dataDir,
    DEMO: 'false',
    MAIL_POLL_MS: '200',
    LOG_LEVEL: 'error',
    SIGN_IN_LIMIT_PER_ADDRESS: '1000000',
    SIGN_IN_LIMIT_PER_ACCOUNT: '1000000',
  };
  const db = new pg.Client({ connectionString: databaseUrl });
  let server;
  let verdictFailed;
  try {
    server = await startServer(env);
    await db.connect();
    const password = 'soak test password 1234';
    const { hash } = createRequire(createRequire(import.meta.url).resolve('@twostep/server'))('@node-rs/argon2');
    const world = { port, password, required: false, ...(await seed(db, await hash(password, argon2Options))) };
    const schema = await fetch(`http://127.0.0.1:${port}/schema.graphql`).then((r) => r.text());
    const subscriptions = /\btype Subscription\b/.test(schema);
    const dbConnections = async () =>
      Number(
        (await db.query(`select count(*) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name])).rows[0].count,
      );
    const sample = async () => ({
      ...processFacts(server.child.pid),
      established: establishedTo(port),
      db: await dbConnections(),
      openSockets: open.size,
    });
    const open = new Set();
    const trafficMs = minutes * 60_000;
    say(
      `soak: ${minutes} min of traffic (${httpWorkers} HTTP workers, ${subscriptions ? socketWorkers : 0} socket workers) against pid ${server.child.pid} on port ${port}`,
    );
    const idle = await sample();
    const until = Date.now() + trafficMs;
    const workers = [
      ...Array.from({ length: httpWorkers }, () => httpWorker(world, until)),
      ...(subscriptions ? Array.from({ length: socketWorkers }, () => socketWorker(world, until, open)) : []),
    ];
    const samples = [];
    const sampler = setInterval(() => {
      void sample().then((s) => samples.push({ t: Date.now(), ...s }));
    }, 5_000);
    await pause(Math.min(warmupMs, trafficMs / 4));
    const start = await sample();
    const startAt = Date.now();
    await Promise.all(workers);
    const end = await sample();
    const endAt = Date.now();
    agent.destroy();
    await pause(settleMs);
    clearInterval(sampler);
    const settled = await sample();
    const peak = Math.max(...samples.map((s) => s.rssMb), end.rssMb);
    const rssAfterWarmup = samples.filter((s) => s.t >= startAt && s.t <= endAt);
    const slope = regressionSlopeMbPerMinute(rssAfterWarmup);
    const sorted = stats.latencies.slice().sort((a, b) => a - b);
    const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1) : '-');
    const row = (label, s) =>
      say(
        `  ${label.padEnd(22)} rss ${s.rssMb.toFixed(1).padStart(7)} MB  fds ${String(s.fds).padStart(4)}  sockets ${String(s.sockets).padStart(4)}  tcp in ${String(s.established).padStart(4)}  db conns ${String(s.db).padStart(3)}  client ws ${String(s.openSockets).padStart(3)}`,
      );
    say('');
    row('idle (before traffic)', idle);
    row('start (after warm-up)', start);
    row('end of traffic', end);
    row(`settled (+${settleMs / 1000} s)`, settled);
    say(`  peak rss ${peak.toFixed(1)} MB; rss trend after warm-up ${slope.toFixed(2)} MB/min`);
    say(
      `  ${stats.requests} HTTP requests (${(stats.requests / (trafficMs / 1000)).toFixed(0)}/s), latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`,
    );
    say(`  outcomes: ${[...stats.byOutcome].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    say(
      `  ${stats.socketsOpened} sockets opened and closed, ${stats.events} subscription events received, ${stats.socketErrors} socket errors; ${smtp.sink.received} mails delivered`,
    );
    const growth = settled.rssMb - start.rssMb;
    const other = (s) => s.sockets - s.db - s.established;
    const checks = [
      [`rss growth ${growth.toFixed(1)} MB ≤ ${bounds.rssGrowthMb} MB`, growth <= bounds.rssGrowthMb],
      [`no client connection left open (tcp in ${settled.established})`, settled.established === 0],
      // Sockets besides the database pool and incoming connections: the listener, and the SMTP pool (5).
      [`other server sockets back to idle (${other(settled)} ≤ ${other(idle)} + 5 for the SMTP pool)`, other(settled) <= other(idle) + 5],
      [`database connections ≤ ${bounds.dbConnections} (${settled.db})`, settled.db <= bounds.dbConnections],
      ['no INTERNAL_SERVER_ERROR', !stats.byOutcome.has('INTERNAL_SERVER_ERROR')],
    ];
    say('');
    for (const [label, ok] of checks) say(`  ${ok ? 'ok  ' : 'FAIL'} ${label}`);
    verdictFailed = checks.some(([, ok]) => !ok);
  } finally {
    if (server && server.child.exitCode === null) {
      const stopping = Date.now();
      server.child.kill('SIGTERM');
      const { code } = await server.exited;
      say(`  server stopped with SIGTERM in ${Date.now() - stopping} ms, exit code ${code}`);
      if (code !== 0) say(`  its last error output:\n${server.errors().trim().split('\n').slice(-10).join('\n')}`);
    }
    await db.end().catch(() => undefined);
    smtp.close();
    await adminQuery(`drop database if exists ${name} with (force)`).catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = verdictFailed ? 1 : 0;
}

/** Least-squares slope of RSS over time, in MB per minute. */
function regressionSlopeMbPerMinute(samples) {
  if (samples.length < 3) return 0;
  const xs = samples.map((s) => (s.t - samples[0].t) / 60_000);
  const ys = samples.map((s) => s.rssMb);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
  const den = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

main().catch((error) => {
  process.stderr.write(`soak failed: ${error.stack ?? error}\n`);
  process.exitCode = 2;
});

import { body, membersPage } from '../lib/documents.mjs';
import { gql, signInAdministrator } from '../lib/graphql.mjs';
import { cannon, warmUp } from '../lib/load.mjs';
import { startStatementCounter, shortStatement } from '../lib/pg-counter.mjs';
import { createDatabase, databaseUrl } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { seed } from '../lib/seed.mjs';
import { startBaseline, startServer } from '../lib/server.mjs';

export const name = 'members-page';
export const title = '1 members page';

/** Counts statements of `requests` sequential requests through a server connected via the counter. */
export async function countStatements(db, { label, cookie, query, variables, requests = 50, nodeArgs = [] }) {
  const counter = await startStatementCounter();
  // The mail and campaign loops (MAIL_POLL_MS) and the rollout sweeper (ROLLOUT_POLL_MS) poll; slowed down here, they stay out of the count.
  const server = await startServer({
    label,
    databaseUrl: databaseUrl(db.name, counter.port),
    nodeArgs,
    env: { MAIL_POLL_MS: '600000', ROLLOUT_POLL_MS: '600000' },
  });
  try {
    await gql(server.url, query, variables, { cookie }); // the first request warms the pool up
    counter.start();
    for (let i = 0; i < requests; i += 1) await gql(server.url, query, variables, { cookie });
    const { statements, writes } = counter.stop();
    const distinct = new Map();
    for (const s of statements) distinct.set(shortStatement(s), (distinct.get(shortStatement(s)) ?? 0) + 1);
    return {
      perRequest: statements.length / requests,
      writesPerRequest: writes.length / requests,
      distinct: [...distinct].map(([text, count]) => `${(count / requests).toFixed(2)}× ${text}`),
    };
  } finally {
    await server.stop();
    await counter.close();
  }
}

export async function run(log) {
  const db = await createDatabase(name);
  try {
    const org = await seed(db.url, { members: 100_000, withTwoFactor: 0.3, name: 'Members page' });
    log(`seeded ${org.members} members in ${org.seconds} s`);
    const variables = { id: org.organizationId };
    const requestBody = body(membersPage, variables);

    // Statements per request, through a server that reaches PostgreSQL through the counter.
    const counterServer = await startServer({ label: `${name}-signin`, databaseUrl: db.url });
    const cookie = await signInAdministrator(counterServer.url, org.administrator);
    const check = await gql(counterServer.url, membersPage, variables, { cookie });
    await counterServer.stop();
    const members = check.organization.members;
    if (members.edges.length !== 100 || members.edges.some((e) => e.node.twoFactorEnabled)) throw new Error('unexpected members page');
    const counted = await countStatements(db, { label: `${name}-count`, cookie, query: membersPage, variables });
    log(`statements per request: ${counted.perRequest}\n    ${counted.distinct.join('\n    ')}`);

    // Throughput: Twostep, then the baseline, each alone on the machine.
    const server = await startServer({ label: name, databaseUrl: db.url });
    let twostep;
    try {
      const target = { url: `${server.url}/graphql`, body: requestBody, headers: { cookie } };
      await warmUp(target);
      twostep = await cannon(target);
    } finally {
      await server.stop();
    }
    const baselineServer = await startBaseline('members-http', 'members-http.mjs', [db.url, org.organizationId]);
    let baseline;
    try {
      const target = { url: `${baselineServer.url}/graphql`, body: requestBody };
      const sample = await (await fetch(target.url, { method: 'POST', body: requestBody })).json();
      if (sample.data.organization.members.totalCount !== members.totalCount) throw new Error('baseline counts differently');
      await warmUp(target);
      baseline = await cannon(target);
    } finally {
      await baselineServer.stop();
    }
    log(`twostep ${JSON.stringify(twostep)}\n  baseline ${JSON.stringify(baseline)}`);
    const failures = twostep.non2xx + twostep.errors + baseline.non2xx + baseline.errors;
    if (failures > 0) log(`WARNING: ${failures} failed requests`);

    const ratio = twostep.rps / baseline.rps;
    return [
      row(title, 'throughput, 10 connections', fmt.rps(twostep.rps), {
        baseline: fmt.rps(baseline.rps),
        ratio: fmt.ratio(ratio),
        target: '≥ 0.5× baseline',
        met: ratio >= 0.5,
      }),
      row(title, 'latency p50 / p99', `${fmt.ms(twostep.p50)} / ${fmt.ms(twostep.p99)}`, {
        baseline: `${fmt.ms(baseline.p50)} / ${fmt.ms(baseline.p99)}`,
      }),
      row(title, 'SQL statements per request', counted.perRequest.toFixed(2), {
        baseline: '2 (rows, count)',
        target: '≤ 3',
        met: counted.perRequest <= 3,
      }),
      row(title, 'writes per request', counted.writesPerRequest.toFixed(2), { target: '0', met: counted.writesPerRequest === 0 }),
    ];
  } finally {
    await db.drop();
  }
}

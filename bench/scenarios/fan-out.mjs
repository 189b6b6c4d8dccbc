import { gql, signInAdministrator } from '../lib/graphql.mjs';
import { createDatabase, pool } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { seed } from '../lib/seed.mjs';
import { startBaseline, startServer } from '../lib/server.mjs';
import { SocketCrowd, graphqlWsSubscriber, rawSubscriber } from '../lib/sockets.mjs';

export const name = 'fan-out';
export const title = '4 fan-out';

const crowds = (process.env.BENCH_SUBSCRIBERS ?? '1000,5000').split(',').map(Number);
const events = Number(process.env.BENCH_EVENTS ?? 5);

const watch = `subscription Watch($id: ID!) {
  memberSecurityChanged(organizationId: $id) { organizationId userId change at member { id displayName role twoFactorEnabled } }
}`;
const changeRole = `mutation Role($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id role } }`;
const createToken = `mutation Token($input: CreateIntegrationTokenInput!) { createIntegrationToken(input: $input) { token } }`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** The latencies of one round: each socket's receive time minus the round's start. */
function roundLatencies(crowd, start) {
  return crowd.received.filter(Boolean).map((r) => r.at - start);
}

async function measureTwostep(log, server, org, cookie, token) {
  const variables = { id: org.organizationId };
  const crowd = new SocketCrowd();
  const results = new Map();
  let role = 'USER';
  const trigger = async () => {
    role = role === 'USER' ? 'ADMINISTRATOR' : 'USER';
    crowd.resetRound();
    await gql(server.url, changeRole, { input: { organizationId: org.organizationId, userId: org.memberId, role } }, { cookie });
    const all = await crowd.waitAll();
    // Measured from the event's publication (`at`, the server's clock on this machine).
    const at = Date.parse(crowd.received.find(Boolean)?.message.payload.data.memberSecurityChanged.at);
    return { all, latencies: roundLatencies(crowd, at) };
  };
  try {
    for (const size of crowds) {
      const began = Date.now();
      await crowd.grow(size - crowd.size, graphqlWsSubscriber(server.url, `Bearer ${token}`, watch, variables));
      await new Promise((r) => setTimeout(r, 500));
      const warm = await trigger();
      if (!warm.all)
        throw new Error(
          `only ${crowd.received.filter(Boolean).length} of ${size} subscribers got the warm-up event (${crowd.errors[0] ?? 'no error'})`,
        );
      const latencies = [];
      let missing = 0;
      const cpuBefore = server.cpuMs();
      for (let i = 0; i < events; i += 1) {
        const round = await trigger();
        if (!round.all) missing += size - round.latencies.length;
        latencies.push(...round.latencies);
      }
      const cpuPerEvent = (server.cpuMs() - cpuBefore) / events;
      results.set(size, { latencies, missing, cpuPerEvent });
      log(
        `twostep ${size} subscribers (connected in ${((Date.now() - began) / 1000).toFixed(1)} s): p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, missing ${missing}; server CPU ${cpuPerEvent.toFixed(0)} ms per event (mutation included); RSS ${server.memory().rssMiB.toFixed(0)} MiB`,
      );
    }
    return { results, bytes: crowd.firstRaw };
  } finally {
    await crowd.close();
  }
}

async function measureBaseline(log, bytes) {
  const baseline = await startBaseline('ws-broadcast', 'ws-broadcast.mjs');
  const crowd = new SocketCrowd();
  const results = new Map();
  const broadcast = async () => {
    crowd.resetRound();
    const res = await fetch(`${baseline.url}/broadcast`, { method: 'POST', body: bytes });
    const { start } = await res.json();
    const all = await crowd.waitAll();
    return { all, latencies: roundLatencies(crowd, start) };
  };
  try {
    for (const size of crowds) {
      await crowd.grow(size - crowd.size, rawSubscriber(baseline.url));
      await broadcast();
      const latencies = [];
      for (let i = 0; i < events; i += 1) latencies.push(...(await broadcast()).latencies);
      results.set(size, { latencies });
      log(`baseline ${size} sockets: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`);
    }
    return results;
  } finally {
    await crowd.close();
    await baseline.stop();
  }
}

export async function run(log) {
  const database = await createDatabase(name);
  const db = pool(database.url, 1);
  let server;
  try {
    const seeded = await seed(database.url, { members: 1_000, withTwoFactor: 0.3, name: 'Fan-out' });
    const { rows } = await db.query(`select user_id from membership where organization_id = $1 and role = 'USER' limit 1`, [
      seeded.organizationId,
    ]);
    const org = { ...seeded, memberId: rows[0].user_id };
    server = await startServer({ label: name, databaseUrl: database.url });
    const schema = await (await fetch(`${server.url}/schema.graphql`)).text();
    if (!schema.includes('memberSecurityChanged')) {
      log('the server has no memberSecurityChanged subscription yet: pending');
      return [row(title, 'delivery p50 / p99', 'pending: the live module has not landed', { met: 'pending', target: '≤ 3× baseline' })];
    }
    const cookie = await signInAdministrator(server.url, org.administrator);
    const { createIntegrationToken } = await gql(
      server.url,
      createToken,
      { input: { organizationId: org.organizationId, name: 'Bench dashboards', scopes: ['EVENTS_READ'] } },
      { cookie },
    );
    const twostep = await measureTwostep(log, server, org, cookie, createIntegrationToken.token);
    await server.stop();
    server = undefined;
    const baseline = await measureBaseline(log, twostep.bytes);
    return crowds.flatMap((size) => {
      const t = twostep.results.get(size);
      const b = baseline.get(size);
      const [t50, t99, b50, b99] = [
        percentile(t.latencies, 50),
        percentile(t.latencies, 99),
        percentile(b.latencies, 50),
        percentile(b.latencies, 99),
      ];
      // Half a millisecond floors the baseline: the clocks read whole milliseconds.
      const ratio = Math.max(t99, 1) / Math.max(b99, 1);
      return [
        row(
          title,
          `delivery p50 / p99, ${fmt.n(size)} subscribers`,
          `${fmt.ms(t50)} / ${fmt.ms(t99)}${t.missing ? ` (${t.missing} missing)` : ''}`,
          {
            baseline: `${fmt.ms(b50)} / ${fmt.ms(b99)} raw ws`,
            ratio: `${fmt.ratio(Math.max(t50, 1) / Math.max(b50, 1))} / ${fmt.ratio(ratio)}`,
            target: '≤ 3× baseline',
            met: ratio <= 3 && t.missing === 0,
          },
        ),
        row(title, `server CPU per event, ${fmt.n(size)} subscribers`, fmt.ms(t.cpuPerEvent)),
      ];
    });
  } finally {
    await server?.stop();
    await db.end();
    await database.drop();
  }
}

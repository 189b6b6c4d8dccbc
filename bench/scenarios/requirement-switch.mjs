import { setRequirement } from '../lib/documents.mjs';
import { gql, signInAdministrator } from '../lib/graphql.mjs';
import { createDatabase } from '../lib/postgres.mjs';
import { fmt, row } from '../lib/report.mjs';
import { seed } from '../lib/seed.mjs';
import { startServer } from '../lib/server.mjs';

export const name = 'requirement-switch';
export const title = '3 requirement switch';

const sizes = [1_000, 10_000, 100_000];
const toggles = Number(process.env.BENCH_TOGGLES ?? 60);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/**
 * `setTwoFactorRequirement` on, off, on, … by each organization's administrator (who has 2FA), one
 * at a time, the sizes interleaved so that drift hits them alike. Latency is the mutation's round
 * trip from this process.
 */
export async function run(log) {
  const db = await createDatabase(name);
  let server;
  try {
    const orgs = [];
    for (const members of sizes) orgs.push(await seed(db.url, { members, withTwoFactor: 0.3, name: `Switch ${members}` }));
    server = await startServer({ label: name, databaseUrl: db.url });
    const cookies = [];
    for (const org of orgs) cookies.push(await signInAdministrator(server.url, org.administrator));
    const latencies = orgs.map(() => []);
    let required = false;
    for (let i = -4; i < toggles; i += 1) {
      required = !required;
      for (const [index, org] of orgs.entries()) {
        const started = performance.now();
        const data = await gql(
          server.url,
          setRequirement,
          { input: { organizationId: org.organizationId, required, confirm: true } },
          { cookie: cookies[index] },
        );
        const elapsed = performance.now() - started;
        if (data.setTwoFactorRequirement.twoFactorRequired !== required) throw new Error('the switch did not switch');
        if (i >= 0) latencies[index].push(elapsed);
      }
    }
    const p50 = latencies.map((l) => percentile(l, 50));
    const p90 = latencies.map((l) => percentile(l, 90));
    log(`p50 ${p50.map((v) => v.toFixed(2)).join(' / ')} ms; p90 ${p90.map((v) => v.toFixed(2)).join(' / ')} ms`);
    const ratio = p50[2] / p50[0];
    return [
      ...sizes.map((size, i) =>
        row(
          title,
          `switch p50 (p90), ${fmt.n(size)} members`,
          `${fmt.ms(p50[i])} (${fmt.ms(p90[i])})`,
          i === 2
            ? { baseline: `${fmt.ms(p50[0])} at 1,000`, ratio: fmt.ratio(ratio), target: '≤ 1.5× the 1,000 case', met: ratio <= 1.5 }
            : {},
        ),
      ),
    ];
  } finally {
    await server?.stop();
    await db.drop();
  }
}

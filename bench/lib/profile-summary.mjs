// Summarizes a V8 CPU profile (BENCH_PROFILE=1 writes them): the time by package, then the
// functions with the most self time. Usage: node bench/lib/profile-summary.mjs <file.cpuprofile>
import fs from 'node:fs';

const profile = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const selfTime = new Map(); // node id -> µs
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const byFunction = new Map();
const byPackage = new Map();
let total = 0;
for (const node of profile.nodes) {
  const time = selfTime.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  total += time;
  const fn = `${functionName || '(anonymous)'} ${url.split('/').slice(-3).join('/')}:${lineNumber}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + time);
  const pnpm = /node_modules\/\.pnpm\/([^/]+)/.exec(url);
  const where = pnpm
    ? pnpm[1].replace(/@[\d.]+.*$/, '')
    : url.includes('/dist/')
      ? 'twostep (dist)'
      : url
        ? `node:${url.split('/').pop()}`
        : functionName;
  byPackage.set(where, (byPackage.get(where) ?? 0) + time);
}

const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, time]) => `${((time / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
process.stdout.write(`${(total / 1000).toFixed(0)} ms sampled\n\nby package\n${top(byPackage, 15)}\n\nself time\n${top(byFunction, 30)}\n`);

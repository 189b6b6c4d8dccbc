// Bench only (scenario 13): `node --expose-gc --import ./bench/hooks/memory-peaks.mjs packages/server/dist/main.js`
// starts the real server with a sampler beside it: `process.memoryUsage()` every 20 ms, keeping the
// peaks and the samples (time, heap used, RSS) since the last report. On SIGUSR2 it writes them,
// with the values the window started from, to the file named by BENCH_MEMORY_FILE (JSON with a
// sequence number); then, when `--expose-gc` is given, it runs a full collection, adds the heap
// after it to the report, and starts the next window from there. The server's own code is
// unchanged and nothing else calls `gc()`; the timer is unref'd, so it never keeps the process alive.
import fs from 'node:fs';

const file = process.env.BENCH_MEMORY_FILE;
const keys = ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers'];
const maxSeries = 20_000;
let sequence = 0;
let window = start();

function pick(usage) {
  return Object.fromEntries(keys.map((k) => [k, usage[k]]));
}

function start() {
  const now = process.memoryUsage();
  return { from: pick(now), peak: pick(now), samples: 1, series: [[Date.now(), now.heapUsed, now.rss]] };
}

function sample() {
  const now = process.memoryUsage();
  for (const k of keys) if (now[k] > window.peak[k]) window.peak[k] = now[k];
  window.samples += 1;
  if (window.series.length < maxSeries) window.series.push([Date.now(), now.heapUsed, now.rss]);
}

if (file) {
  setInterval(sample, 20).unref();
  process.on('SIGUSR2', () => {
    sample();
    sequence += 1;
    const report = { sequence, ...window };
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      report.afterGc = pick(process.memoryUsage());
    }
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(report));
    fs.renameSync(`${file}.tmp`, file);
    window = start();
  });
  process.stderr.write(`bench hook: memory peaks to ${file} on SIGUSR2\n`);
}

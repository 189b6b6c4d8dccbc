import autocannon from 'autocannon';

/** Seconds per measured autocannon run (BENCH_SECONDS overrides), after a short warm-up. */
export const runSeconds = Number(process.env.BENCH_SECONDS ?? 10);
export const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

/**
 * Drives `url` with autocannon from this (the bench) process: `connections` concurrent keep-alive
 * connections, one request in flight on each, for `duration` seconds (or at `overallRate` requests
 * per second in total). Returns requests per second and latency percentiles in ms.
 */
export async function cannon({ url, body, headers = {}, connections = 10, duration = runSeconds, overallRate, method = 'POST' }) {
  const result = await autocannon({
    url,
    method,
    body,
    headers: { 'content-type': 'application/json', ...headers },
    connections,
    pipelining: 1,
    duration,
    ...(overallRate ? { overallRate } : {}),
  });
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerRequest: result.requests.total ? result.throughput.total / result.requests.total : 0,
  };
}

export async function warmUp(options) {
  return cannon({ ...options, duration: warmupSeconds, overallRate: undefined });
}

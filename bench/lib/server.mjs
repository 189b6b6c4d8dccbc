import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.mjs';
import { benchDir, logsDir, repoRoot, resultsDir } from './paths.mjs';

/** One secret key per bench run, shared by the seed command and the servers (it seals TOTP secrets). */
export const secretKey = crypto.randomBytes(32).toString('base64');

/** Resident memory of a process now and at its peak (VmHWM), in MiB, from /proc. */
export function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return { rssMiB: NaN, peakMiB: NaN };
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc. */
export function cpuMsOf(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

async function waitHealthy(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not healthy within ${timeoutMs} ms`);
}

/**
 * Starts `node packages/server/dist/main.js` as its own process on a free port. `nodeArgs` lets
 * the gate scenario load a bench-only module hook; `env` adds or overrides variables.
 */
export async function startServer({ label, databaseUrl, smtpUrl, env = {}, nodeArgs = [] }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-bench-'));
  fs.mkdirSync(logsDir, { recursive: true });
  const logFile = path.join(logsDir, `${label}.log`);
  const log = fs.openSync(logFile, 'w');
  // BENCH_PROFILE=1: every server writes a V8 CPU profile into bench/results/profiles when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(resultsDir, 'profiles')}`] : [];
  const child = spawn(process.execPath, [...profile, ...nodeArgs, path.join(repoRoot, 'packages/server/dist/main.js')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl ?? 'smtp://127.0.0.1:9?tls=off',
      SECRET_KEY: secretKey,
      DATA_DIR: dataDir,
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      SIGN_IN_LIMIT_PER_ADDRESS: '1000000',
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitHealthy(url, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`server ${label} did not start (${error.message}); see ${path.relative(benchDir, logFile)}`, { cause: error });
  }
  return {
    url,
    port,
    pid: child.pid,
    logFile,
    memory: () => memoryOf(child.pid),
    cpuMs: () => cpuMsOf(child.pid),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.closeSync(log);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a bench-owned baseline script as its own process; it prints `{"port": n}` when ready. */
export async function startBaseline(label, script, args = []) {
  fs.mkdirSync(logsDir, { recursive: true });
  const child = spawn(process.execPath, [path.join(benchDir, 'baselines', script), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line).port);
    });
    child.once('exit', (code) => reject(new Error(`baseline ${label} exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    memory: () => memoryOf(child.pid),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

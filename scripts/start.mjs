// `pnpm start`: builds what is missing or older than its sources, then runs the production server.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const outputs = ['packages/shared/dist/index.js', 'packages/server/dist/main.js', 'packages/web/dist/index.html'].map((p) =>
  path.join(root, p),
);
const built = outputs.every((file) => fs.existsSync(file));
const stale =
  built &&
  ['packages/shared/src', 'packages/server/src', 'packages/web/src'].some((dir, i) => {
    const src = path.join(root, dir);
    return fs.existsSync(src) && newest(src) > fs.statSync(outputs[i]).mtimeMs;
  });
if (!built || stale) {
  process.stdout.write('Building Twostep…\n');
  const result = spawnSync('npx', ['--yes', 'pnpm@12.4.2', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Run the built server, passing signals through so that SIGTERM stops it (and its PostgreSQL) cleanly.
// NODE_ENV stays as given: production deployments set it, and then require their own secrets.
const child = spawn(process.execPath, [path.join(root, 'packages/server/dist/main.js')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

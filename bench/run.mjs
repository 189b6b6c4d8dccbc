// `pnpm bench` (build, then this) or `node bench/run.mjs [scenario …]`: runs the scenarios, each
// beside its baseline, against servers started as their own processes on fresh databases of the
// machine's PostgreSQL, and prints one table (also written to bench/results/latest.md).
// Benchmarks report; they never fail: the exit code is 0 unless the harness itself broke.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resultsDir } from './lib/paths.mjs';
import { dropStaleDatabases } from './lib/postgres.mjs';
import { markdownTable, row } from './lib/report.mjs';
import * as membersPage from './scenarios/members-page.mjs';
import * as gateOverhead from './scenarios/gate-overhead.mjs';
import * as requirementSwitch from './scenarios/requirement-switch.mjs';
import * as fanOut from './scenarios/fan-out.mjs';
import * as alertAll from './scenarios/alert-all.mjs';
import * as signInLoad from './scenarios/sign-in-load.mjs';
import * as passwordResetTiming from './scenarios/password-reset-timing.mjs';
import * as documentRefusal from './scenarios/document-refusal.mjs';
import * as scheduledSwitch from './scenarios/scheduled-switch.mjs';
import * as reminderRound from './scenarios/reminder-round.mjs';
import * as dueCheck from './scenarios/due-check.mjs';
import * as webhookOutbox from './scenarios/webhook-outbox.mjs';
import * as memberExport from './scenarios/member-export.mjs';

const scenarios = [
  membersPage,
  gateOverhead,
  requirementSwitch,
  fanOut,
  alertAll,
  signInLoad,
  passwordResetTiming,
  documentRefusal,
  scheduledSwitch,
  reminderRound,
  dueCheck,
  webhookOutbox,
  memberExport,
];

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !scenarios.some((s) => s.name === a));
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario ${unknown.join(', ')}; choose from: ${scenarios.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
const selected = asked.length > 0 ? scenarios.filter((s) => asked.includes(s.name)) : scenarios;

await dropStaleDatabases();
const started = Date.now();
const rows = [];
// Other work on the machine moves every figure; each scenario's load average is kept with the table.
const loads = [];
const load = () => os.loadavg()[0].toFixed(1);
for (const scenario of selected) {
  const begun = Date.now();
  const loadBefore = load();
  process.stdout.write(`\n== ${scenario.title} (${scenario.name}), load average ${loadBefore}\n`);
  const log = (message) => process.stdout.write(`  ${message}\n`);
  try {
    rows.push(...(await scenario.run(log)));
  } catch (error) {
    log(`failed: ${error.stack ?? error}`);
    rows.push(row(scenario.title, 'run', `failed: ${String(error.message ?? error).slice(0, 120)}`, { met: 'error' }));
  }
  loads.push(`${scenario.name} ${loadBefore}→${load()}`);
  log(`took ${((Date.now() - begun) / 1000).toFixed(0)} s, load average ${load()}`);
}

const seconds = (Date.now() - started) / 1000;
const table = markdownTable(rows);
const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
process.stdout.write(`\n${table}\n\n${selected.length} scenario(s) in ${seconds.toFixed(0)} s; load average ${loads.join(', ')}\n`);
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(
  path.join(resultsDir, 'latest.md'),
  `Run of ${stamp}: ${os.availableParallelism()} cores, Node ${process.version}, ${seconds.toFixed(0)} s. ` +
    `Load average (1 min) at each scenario's start→end: ${loads.join(', ')}.\n\n${table}\n`,
);

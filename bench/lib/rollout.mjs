import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths.mjs';

const serverDist = path.join(repoRoot, 'packages/server/dist');

/** The sweeper's batch per kind and round (`BATCH` in the built `rollout-sweeper.js`). */
export function sweeperBatch() {
  const source = fs.readFileSync(path.join(serverDist, 'modules/security-policy/rollout-sweeper.js'), 'utf8');
  const match = /const BATCH = (\d+)/.exec(source);
  if (!match) throw new Error('BATCH not found in rollout-sweeper.js');
  return Number(match[1]);
}

/**
 * The exact SQL of the sweeper's two due checks, `switchDuePlans` and `claimDueReminders`, as the
 * server sends it: each function of the built server is called with a stand-in transaction that
 * keeps the text and the parameters instead of running them, and MikroORM's PostgreSQL platform
 * writes the parameters into the text, as the server's own `execute` does (one simple query).
 * @returns {Promise<{ name: string, render: (now: Date) => string }[]>}
 */
export async function dueCheckStatements(limit = sweeperBatch()) {
  const requireFromServer = createRequire(path.join(serverDist, 'index.js'));
  const load = (specifier) => import(pathToFileURL(requireFromServer.resolve(specifier)).href);
  // The modules carry type-graphql decorators, which need the metadata polyfill the server loads.
  await load('reflect-metadata');
  // `switchDuePlans` through its module's entry; `claimDueReminders` is the sweeper's own module's (not exported).
  const { PostgreSqlPlatform } = await load('@mikro-orm/postgresql');
  const { switchDuePlans } = await import(pathToFileURL(path.join(serverDist, 'modules/organizations/index.js')).href);
  const { claimDueReminders } = await import(pathToFileURL(path.join(serverDist, 'modules/security-policy/reminders.js')).href);
  const platform = new PostgreSqlPlatform();
  const capture = (call) => (now) => {
    let text;
    const tx = {
      getConnection: () => ({
        execute: async (query, params) => {
          text = platform.formatQuery(query, params);
          return [];
        },
      }),
      getTransactionContext: () => undefined,
    };
    void call(tx, now, limit);
    return text;
  };
  return [
    { name: 'switchDuePlans', render: capture(switchDuePlans) },
    { name: 'claimDueReminders', render: capture(claimDueReminders) },
  ];
}

/**
 * Splits what a statement counter recorded into transactions (`begin` … `commit`/`rollback`), in
 * the order they were sent; statements outside a transaction come back in `loose`.
 */
export function transactions(statements) {
  const groups = [];
  const loose = [];
  let current;
  for (const text of statements) {
    const word = text.trim().toLowerCase();
    if (/^(begin|start transaction)\b/.test(word)) {
      current = [text];
      groups.push(current);
    } else if (current) {
      current.push(text);
      if (/^(commit|rollback)\b/.test(word)) current = undefined;
    } else loose.push(text);
  }
  return { groups, loose };
}

import { randomUUID } from 'node:crypto';
import { loadConfig } from '../core/config.js';
import { sql } from '../core/database/sql.js';
import { DEMO } from '../modules/demo/index.js';
import { operatorLogger, openOperatorRuntime } from './operator-runtime.js';
import { parseOptions, UsageError } from './operator-args.js';

/**
 * `pnpm seed --members 100000 [--with-two-factor 0.3] [--name "Bench Org"]`: fills one
 * organization quickly for benchmarks, with set-based inserts (generate_series) and one shared,
 * precomputed password hash. Prints the organization's id and how to sign in as its
 * administrator (the demo password and TOTP secret; never for production data).
 */
const started = Date.now();
const config = loadConfig();
let options: Map<string, string>;
try {
  options = parseOptions(process.argv.slice(2), ['members', 'with-two-factor', 'name'], ['members']);
} catch (error) {
  process.stderr.write(
    `seed: ${(error as Error).message}\nUsage: pnpm seed --members <count> [--with-two-factor <share 0..1>] [--name <organization>]\n`,
  );
  process.exit(2);
}
const members = Number(options.get('members'));
const share = Number(options.get('with-two-factor') ?? '0.3');
if (!Number.isInteger(members) || members < 1 || members > 1_000_000) {
  process.stderr.write('seed: --members must be a whole number from 1 to 1000000\n');
  process.exit(2);
}
if (!(share >= 0 && share <= 1)) {
  process.stderr.write('seed: --with-two-factor must be a share from 0 to 1\n');
  process.exit(2);
}
const name = options.get('name') ?? `Bench ${members}`;

const log = operatorLogger(config);
const runtime = await openOperatorRuntime(config, log);
try {
  const { orm, services } = runtime;
  const em = orm.em.fork();
  const now = services.clock.now();
  const organizationId = randomUUID();
  const tag = organizationId.slice(0, 8);
  const passwordHash = await services.hasher.hash(DEMO.password);
  const adminEmail = `admin-${tag}@bench.example`;
  await em.transactional(async (tx) => {
    await sql(tx, `insert into organization (id, name, two_factor_required, created_at) values (?, ?, false, ?)`, [
      organizationId,
      name,
      now,
    ]);
    const adminId = randomUUID();
    await sql(
      tx,
      `insert into "user" (id, email, display_name, password_hash, two_factor_enabled, created_at) values (?, ?, ?, ?, true, ?)`,
      [adminId, adminEmail, 'Bench Administrator', passwordHash, now],
    );
    const methodId = randomUUID();
    await sql(tx, `insert into totp_method (id, user_id, secret_encrypted, created_at, confirmed_at) values (?, ?, ?, ?, ?)`, [
      methodId,
      adminId,
      services.box.seal(DEMO.totpSecret, methodId),
      now,
      now,
    ]);
    await sql(
      tx,
      `insert into membership (organization_id, user_id, role, kind, joined_at) values (?, ?, 'ADMINISTRATOR', 'INTERNAL', ?)`,
      [organizationId, adminId, now],
    );
    // Members: users and memberships in two set-based statements. Their 2FA flag is set without a
    // method row: these accounts never sign in, they only fill lists and counts.
    await sql(
      tx,
      `insert into "user" (id, email, display_name, password_hash, two_factor_enabled, created_at)
       select gen_random_uuid(), 'm' || i || '-' || ? || '@bench.example', 'Member ' || to_char(i, 'FM0000000') || ' ' || substr(md5(i::text), 1, 6),
         ?, random() < ?, ? from generate_series(1, ?) as i`,
      [tag, passwordHash, share, now, members - 1],
    );
    await sql(
      tx,
      `insert into membership (organization_id, user_id, role, kind, joined_at)
       select ?, id, case when random() < 0.01 then 'ADMINISTRATOR' else 'USER' end, case when random() < 0.1 then 'EXTERNAL' else 'INTERNAL' end,
         ?::timestamptz - (random() * interval '700 days')
       from "user" where email like 'm%-' || ? || '@bench.example'`,
      [organizationId, now, tag],
    );
  });
  await sql(em, `analyze "user"; analyze membership;`);
  process.stdout.write(
    `${JSON.stringify({ organizationId, name, members, administrator: { email: adminEmail, password: DEMO.password, totpSecret: DEMO.totpSecret }, seconds: (Date.now() - started) / 1000 })}\n`,
  );
} catch (error) {
  if (error instanceof UsageError) process.stderr.write(`seed: ${error.message}\n`);
  else process.stderr.write(`seed failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await runtime.close();
}

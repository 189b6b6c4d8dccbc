import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createTestDatabase } from '../support/database.js';
import { dataDir, runCli } from './cli.js';

describe('twostep migrate', () => {
  let database: { url: string; drop: () => Promise<void> };
  let data: ReturnType<typeof dataDir>;
  beforeAll(async () => {
    database = await createTestDatabase();
    data = dataDir();
  });
  afterAll(async () => {
    await database.drop();
    data.remove();
  });

  it('applies what the database lacks, once, and says which', async () => {
    const env = { NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: data.path };
    const first = await runCli(['migrate'], env);
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(first.stdout).toMatch(/^applied 0001-foundation, .*0011-compliance-history\n$/);
    const db = await connect(database.url);
    try {
      const { rows } = await db.query<{ n: string }>(`select count(*) as n from mikro_orm_migrations`);
      expect(Number(rows[0]!.n)).toBe(first.stdout.split(', ').length);
    } finally {
      await db.end();
    }
    expect(await runCli(['migrate'], env)).toMatchObject({
      status: 0,
      stdout: 'the database is up to date: no migration to apply\n',
      stderr: '',
    });
  });

  it('refuses extra arguments, and an unreachable database, in one line', async () => {
    const extra = await runCli(['migrate', '--now'], { NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: data.path });
    expect(extra.status).toBe(2);
    expect(extra.stderr).toMatch(/^twostep: USAGE: .*\n$/);
    const unreachable = await runCli(['migrate'], {
      NODE_ENV: 'test',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      DATA_DIR: data.path,
    });
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stdout).toBe('');
  });
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '@twostep/server';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/server/dist/main.js');

function start(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stderr: result.stderr };
}

describe('configuration', () => {
  it('stops with one line naming the variable for PORT=abc', () => {
    const { status, stderr } = start({ PORT: 'abc' });
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Configuration error: PORT: must be a whole number/);
  });

  it('stops with one line for a malformed DATABASE_URL', () => {
    const { status, stderr } = start({ DATABASE_URL: 'not a url' });
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/DATABASE_URL/);
  });

  it('requires the secret key, database and SMTP explicitly in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'short' })).toThrow(/SECRET_KEY/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: key })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: key, DATABASE_URL: 'postgres://x@h/db' })).toThrow(/SMTP_URL/);
    expect(
      loadConfig({ NODE_ENV: 'production', SECRET_KEY: key, DATABASE_URL: 'postgres://x@h/db', SMTP_URL: 'smtp://h:25' }).introspection,
    ).toBe(false);
  });

  it('keeps introspection off unless enabled, even when NODE_ENV is unset', () => {
    expect(loadConfig({}).introspection).toBe(false);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'maybe' })).toThrow(/GRAPHQL_INTROSPECTION/);
  });

  it.each([
    ['PORT', '70000'],
    ['SMTP_URL', 'http://mail'],
    ['REDIS_URL', 'nope'],
    ['MAIL_FROM', 'not an address'],
    ['TRUST_PROXY', 'perhaps'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}:`));
  });
});

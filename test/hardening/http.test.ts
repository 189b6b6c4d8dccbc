import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@twostep/server';
import { startTestServer } from '../support/server.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The console's HTTP answers: security headers (a CSP without inline script, no framing, no
 * referrer, no sniffing), the session cookie's attributes behind HTTPS (SECURITY.md 21), and a
 * health check that tells the truth about the database.
 */
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`;

function csp(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectConsoleHeaders(response: Response): void {
  const policy = csp(response);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  // No inline script, no eval, no nonce or hash that would let one in.
  expect(policy.get('script-src')).toEqual(["'self'"]);
  expect(policy.get('script-src-attr')).toEqual(["'none'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'self'"]);
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('x-powered-by')).toBeNull();
}

describe('security headers of the console (plain HTTP)', () => {
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-web-'));
  beforeAll(() => {
    fs.writeFileSync(
      path.join(webDist, 'index.html'),
      '<!doctype html><title>Twostep</title><script type="module" src="/app.js"></script>',
    );
    fs.writeFileSync(path.join(webDist, 'app.js'), 'export {};');
  });
  afterAll(() => fs.rmSync(webDist, { recursive: true, force: true }));
  const world = useTestServer({ env: { WEB_DIST_DIR: webDist } });

  it.each(['/', '/orgs/x/members', '/account/two-factor', '/app.js', '/healthz', '/schema.graphql'])('GET %s', async (route) => {
    expectConsoleHeaders(await fetch(`${world.url}${route}`));
  });

  it('the API answers carry them too, and no HSTS over plain HTTP', async () => {
    const response = await fetch(`${world.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ serverInfo { version } }' }),
    });
    expectConsoleHeaders(response);
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(csp(response).has('upgrade-insecure-requests')).toBe(false);
  });

  it('the session cookie is HttpOnly, SameSite=Lax, for the whole site, and not Secure over plain HTTP', async () => {
    const user = await world.factory.user();
    const result = await world.anonymous.request(SIGN_IN, {
      input: { email: user.email, password: user.password, client: 'WEB' },
    });
    const cookie = result.setCookie ?? '';
    expect(cookie).toMatch(/^twostep_session=tsw_[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(cookie).toMatch(/;\s*Max-Age=1209600/); // the absolute lifetime of a web session: 14 days
    expect(cookie).not.toMatch(/Secure/i);
  });
});

describe('the built console needs no inline script', () => {
  const config = loadConfig({});
  const index = path.join(config.webDistDir, 'index.html');
  it.skipIf(!fs.existsSync(index))('index.html loads scripts from files only, and has no inline handlers', () => {
    const html = fs.readFileSync(index, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });
});

describe('behind HTTPS (PUBLIC_URL=https://…)', () => {
  const world = useTestServer({ env: { PUBLIC_URL: 'https://twostep.example' } });

  it('the session cookie is Secure as well', async () => {
    const user = await world.factory.user();
    const result = await world.anonymous.request(SIGN_IN, {
      input: { email: user.email, password: user.password, client: 'WEB' },
    });
    const cookie = result.setCookie ?? '';
    expect(cookie).toMatch(/^twostep_session=tsw_/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  });

  it('browsers are told to stay on HTTPS, and the CSP allows only the secure socket', async () => {
    const response = await fetch(`${world.url}/healthz`);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    const policy = csp(response);
    expect(policy.has('upgrade-insecure-requests')).toBe(true);
    expect(policy.get('connect-src')).toEqual(["'self'", 'wss://twostep.example']);
  });

  it('signing out clears the cookie', async () => {
    const user = await world.factory.user();
    const response = await fetch(`${world.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `twostep_session=${await world.factory.sessionToken(user.id)}` },
      body: JSON.stringify({ query: 'mutation { signOut }' }),
    });
    expect(response.headers.get('set-cookie')).toMatch(/^twostep_session=;.*Expires=Thu, 01 Jan 1970/);
  });
});

describe('/healthz', () => {
  it('answers 503, without details, when the database is gone', async () => {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const url = new URL(server.databaseUrl);
      const name = url.pathname.slice(1);
      url.pathname = '/postgres';
      const { connect } = await import('../support/database.js');
      const admin = await connect(url.toString());
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', database: 'down' });
    } finally {
      await server.stop();
    }
  });
});

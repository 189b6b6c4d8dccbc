import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaFile } from '@twostep/server';
import { useTestServer } from '../support/use-test-server.js';

const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-web-'));
beforeAll(() => {
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Twostep</title><div id="root"></div>');
  fs.writeFileSync(path.join(webDist, 'app.js'), 'console.log(1)');
});
afterAll(() => fs.rmSync(webDist, { recursive: true, force: true }));
const world = useTestServer({ env: { WEB_DIST_DIR: webDist } });

describe('one port', () => {
  it('reports health with the database', async () => {
    const response = await fetch(`${world.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('publishes the committed schema', async () => {
    const response = await fetch(`${world.url}/schema.graphql`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(fs.readFileSync(schemaFile, 'utf8'));
  });

  it('answers GraphQL over POST, and GET only with a CSRF-safe header', async () => {
    expect((await world.anonymous.ok(`{ serverInfo { totpIssuer } }`)).serverInfo.totpIssuer).toBe('Twostep');
    const plainGet = await fetch(`${world.url}/graphql?query=${encodeURIComponent('{ serverInfo { version } }')}`);
    expect(plainGet.status).toBe(400);
    const safeGet = await fetch(`${world.url}/graphql?query=${encodeURIComponent('{ serverInfo { version } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(safeGet.status).toBe(200);
  });

  it('serves the console with a fallback to index.html for client routes', async () => {
    const root = await fetch(`${world.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="root">');
    const route = await fetch(`${world.url}/orgs/some-id/members`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    const asset = await fetch(`${world.url}/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${world.url}/missing.js`)).status).toBe(404);
  });
});

describe('GraphQL’s own directives', () => {
  it('answers documents with @include and @skip, as clients write them', async () => {
    const user = await world.factory.user({ displayName: 'Dee Rective' });
    const client = await world.factory.client(user);
    const query = `query($full: Boolean!) { viewer { id displayName @include(if: $full) email @skip(if: $full) } }`;
    expect((await client.ok(query, { full: true })).viewer).toEqual({ id: user.id, displayName: 'Dee Rective' });
    expect((await client.ok(query, { full: false })).viewer).toEqual({ id: user.id, email: user.email });
  });
});

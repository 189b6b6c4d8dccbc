import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/use-test-server.js';
import { rawConnect } from './live-client.js';

/**
 * Issue 12, section 6: cookie WebSockets accepted `Origin: http(s)://<Host header>` besides
 * PUBLIC_URL, so a page served at any name of the server could open the console's socket. Now only
 * PUBLIC_URL's origin is accepted, and a page asked for at another name of the server is redirected
 * to PUBLIC_URL, so the console keeps its live updates there.
 */
const world = useTestServer();

/** A GET to this server as if it were reached by another name (the Host header). */
function get(path: string, host: string): Promise<{ status: number; location?: string }> {
  const { port } = new URL(world.url);
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      })
      .on('error', reject);
  });
}

describe('the console’s one origin', () => {
  it('a cookie socket from this server’s other name is refused, even when the Host header matches it', async () => {
    const { port } = new URL(world.url);
    const user = await world.factory.user();
    const cookie = `twostep_session=${await world.factory.sessionToken(user.id)}`;
    for (const other of [`http://localhost:${port}`, `https://localhost:${port}`]) {
      const refused = await rawConnect(world.url, { headers: { cookie, origin: other, host: `localhost:${port}` } });
      expect(refused.code, other).toBe(4403);
    }
    const accepted = await rawConnect(world.url, { headers: { cookie, origin: new URL(world.app.config.publicUrl).origin } });
    expect(accepted.acked).toBe(true);
    accepted.socket.close();
  });

  it('a page asked for at another name is redirected to PUBLIC_URL; the API answers at any name', async () => {
    const { port } = new URL(world.url);
    const publicOrigin = new URL(world.app.config.publicUrl).origin;
    const page = await get('/organizations/abc/members?filter=x', `localhost:${port}`);
    expect(page).toEqual({ status: 308, location: `${publicOrigin}/organizations/abc/members?filter=x` });
    expect((await get('/healthz', `localhost:${port}`)).status).toBe(200);
    expect((await get('/schema.graphql', `localhost:${port}`)).status).toBe(200);
    expect((await get('/organizations/abc/members', new URL(publicOrigin).host)).status).toBe(200);
  });
});

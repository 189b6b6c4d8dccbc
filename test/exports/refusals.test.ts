import { beforeAll, describe, expect, it } from 'vitest';
import { administeredOrganization, createToken, type Administered } from '../integration-tokens/tokens.js';
import type { Credentials } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { csvRows, download } from './download.js';

const world = useTestServer({ mailWorkers: false, campaignWorkers: false, rolloutWorkers: false, webhookWorkers: false });
let a: Administered;
let b: Administered;
let user: Credentials;
let desktop: Credentials;
let membersToken: Credentials;
let auditToken: Credentials;

beforeAll(async () => {
  a = await administeredOrganization(world.factory);
  b = await administeredOrganization(world.factory);
  const plain = await world.factory.user({ twoFactor: true });
  await world.factory.member(a.organization.id, plain.id, 'USER');
  user = (await world.factory.client(plain)).credentials;
  desktop = (await world.factory.client(a.admin, 'DESKTOP')).credentials;
  membersToken = { bearer: (await createToken(a, { scopes: ['MEMBERS_READ'] })).token };
  auditToken = { bearer: (await createToken(a, { scopes: ['AUDIT_READ'] })).token };
});

const members = (organizationId: string) => `/export/members.csv?organizationId=${organizationId}`;
const audit = (organizationId: string) => `/export/audit.csv?organizationId=${organizationId}`;

async function refusal(path: string, credentials: Credentials): Promise<{ status: number; body: any }> {
  const response = await download(world.url, path, credentials);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, body: await response.json() };
}

describe('who may export', () => {
  it('the administrator’s web session and a token with the scope', async () => {
    for (const [path, credentials] of [
      [members(a.organization.id), a.console.credentials],
      [audit(a.organization.id), a.console.credentials],
      [members(a.organization.id), membersToken],
      [audit(a.organization.id), auditToken],
    ] as const) {
      const response = await download(world.url, path, credentials);
      expect(response.status).toBe(200);
      const { rows } = await csvRows(response);
      expect(rows.length).toBeGreaterThan(0);
    }
  });

  it('refuses a request without credentials', async () => {
    expect(await refusal(members(a.organization.id), {})).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await refusal(audit(a.organization.id), {})).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a USER of the organization', async () => {
    expect(await refusal(members(a.organization.id), user)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await refusal(audit(a.organization.id), user)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('answers another organization’s id as not found, to a person and to a token', async () => {
    expect(await refusal(members(a.organization.id), b.console.credentials)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await refusal(audit(a.organization.id), b.console.credentials)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await refusal(members(b.organization.id), membersToken)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('refuses a token without the scope', async () => {
    expect(await refusal(members(a.organization.id), auditToken)).toMatchObject({
      status: 403,
      body: { code: 'SCOPE_REQUIRED', scope: 'members:read' },
    });
    expect(await refusal(audit(a.organization.id), membersToken)).toMatchObject({
      status: 403,
      body: { code: 'SCOPE_REQUIRED', scope: 'audit:read' },
    });
  });

  it('refuses an app session, which reaches only the app surface', async () => {
    expect(await refusal(members(a.organization.id), desktop)).toMatchObject({ status: 403, body: { code: 'SURFACE_NOT_ALLOWED' } });
  });

  it('refuses a blocked web user as the console does, and records nothing', async () => {
    const strict = await world.factory.organization('Strict Org', { twoFactorRequired: true });
    const blocked = await world.factory.user({ twoFactor: false });
    await world.factory.member(strict.id, blocked.id, 'ADMINISTRATOR');
    const credentials = (await world.factory.client(blocked)).credentials;
    expect(await refusal(members(strict.id), credentials)).toMatchObject({
      status: 403,
      body: { code: 'TWO_FACTOR_REQUIRED', organizations: [{ id: strict.id, name: 'Strict Org' }] },
    });
    expect(await refusal(audit(strict.id), credentials)).toMatchObject({ status: 403, body: { code: 'TWO_FACTOR_REQUIRED' } });
    // A GET changes nothing: the API records a blocked attempt, an export does not.
    const [membership] = await world.factory.query(`select blocked_at from membership where organization_id = ? and user_id = ?`, [
      strict.id,
      blocked.id,
    ]);
    expect(membership?.blocked_at).toBeNull();
  });
});

import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@twostep/server';
import { connect, createTestDatabase } from '../support/database.js';

type Orm = Awaited<ReturnType<typeof openDatabase>>;

/**
 * Migrations that move data: a database written by an earlier version keeps every fact after
 * the upgrade. Each test migrates a fresh database to the version before, writes rows in that
 * version's shape, then upgrades.
 */
describe('0005: lighter alert mails', () => {
  let database: { url: string; drop: () => Promise<void> };
  let orm: Orm;
  let db: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(database.url, 2);
    await orm.getMigrator().up({ to: '0004-alerts-are-mails' });
    db = await connect(database.url);
  });
  afterAll(async () => {
    await db.end();
    await orm.close(true);
    await database.drop();
  });

  it('keeps who was alerted, by whom and in which campaign, and the mail still says it', async () => {
    const [org, admin, member, other, campaign, single, bulk, reset] = Array.from({ length: 8 }, () => randomUUID()) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const at = '2026-11-01T10:00:00Z';
    await db.query(`insert into organization (id, name, created_at) values ($1, 'Old Org', $2)`, [org, at]);
    for (const [id, name] of [
      [admin, 'Ada Admin'],
      [member, 'Mo Member'],
      [other, 'Otto Other'],
    ])
      await db.query(`insert into "user" (id, email, display_name, password_hash, created_at) values ($1, $2, $3, 'x', $4)`, [
        id,
        `${name!.split(' ')[0]!.toLowerCase()}@example.com`,
        name,
        at,
      ]);
    await db.query(
      `insert into alert_campaign (id, organization_id, requested_by_user_id, state, created_at, finished_at) values ($1, $2, $3, 'FINISHED', $4, $4)`,
      [campaign, org, admin, at],
    );
    const mail = (id: string, to: string, template: string, data: object) =>
      db.query(
        `insert into mail_message (id, to_address, template, data, state, next_attempt_at, created_at) values ($1, $2, $3, $4, 'SENT', $5, $5)`,
        [id, to, template, JSON.stringify(data), at],
      );
    // The shapes 0004 wrote: a single alert, a campaign's alert, and a mail that is no alert.
    await mail(single, 'mo@example.com', 'two-factor-alert', {
      name: 'Mo Member',
      organization: 'Old Org',
      organizationId: org,
      requester: 'Ada Admin',
      userId: member,
      campaignId: null,
      requestedByUserId: admin,
      requestedByTokenId: null,
    });
    await mail(bulk, 'otto@example.com', 'two-factor-alert', {
      name: 'Otto Other',
      organization: 'Old Org',
      organizationId: org,
      requester: 'Ada Admin',
      userId: other,
      campaignId: campaign,
      requestedByUserId: admin,
      requestedByTokenId: null,
    });
    await mail(reset, 'mo@example.com', 'password-reset', { name: 'Mo Member' });
    const before = await db.query(`select * from alert order by user_id`);

    expect((await orm.getMigrator().up({ to: '0005-lighter-alert-mails' })).map((m) => m.name)).toEqual(['0005-lighter-alert-mails']);

    const after = await db.query(`select * from alert order by user_id`);
    expect(after.rows).toEqual(before.rows);
    expect(after.rows).toHaveLength(2);
    const rows = await db.query<{ id: string; organization_id: string | null; user_id: string | null; bulk: boolean; data: object }>(
      `select id, organization_id, user_id, bulk, data from mail_message order by id`,
    );
    const byId = new Map(rows.rows.map((row) => [row.id, row]));
    expect(byId.get(single)).toMatchObject({
      organization_id: org,
      user_id: member,
      bulk: false,
      data: { name: 'Mo Member', organization: 'Old Org', requester: 'Ada Admin', requestedByUserId: admin, requestedByTokenId: null },
    });
    expect(byId.get(bulk)).toMatchObject({
      organization_id: org,
      user_id: other,
      bulk: true,
      data: { name: 'Otto Other', organization: 'Old Org', requester: 'Ada Admin', campaignId: campaign },
    });
    expect(Object.keys(byId.get(bulk)!.data).sort()).toEqual(['campaignId', 'name', 'organization', 'requester']);
    expect(byId.get(reset)).toMatchObject({ organization_id: null, user_id: null, bulk: false, data: { name: 'Mo Member' } });
    const [index] = (await db.query<{ indexdef: string }>(`select indexdef from pg_indexes where indexname = 'mail_message_alert_idx'`))
      .rows;
    expect(index!.indexdef).toMatch(/USING hash \(user_id\) WHERE \(template = 'two-factor-alert'::text\)/);
  });
});

describe('0006: one home', () => {
  let database: { url: string; drop: () => Promise<void> };
  let orm: Orm;
  let db: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(database.url, 2);
    await orm.getMigrator().up({ to: '0005-lighter-alert-mails' });
    db = await connect(database.url);
  });
  afterAll(async () => {
    await db.end();
    await orm.close(true);
    await database.drop();
  });

  it('keeps the oldest INTERNAL membership of an account, makes the others EXTERNAL and audits each', async () => {
    const [first, second, third, person, loner, session] = Array.from({ length: 6 }, () => randomUUID()) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    for (const [id, name] of [
      [first, 'First'],
      [second, 'Second'],
      [third, 'Third'],
    ])
      await db.query(`insert into organization (id, name, created_at) values ($1, $2, now())`, [id, name]);
    for (const id of [person, loner])
      await db.query(`insert into "user" (id, email, display_name, password_hash, created_at) values ($1, $2, 'P', 'x', now())`, [
        id,
        `${id}@example.com`,
      ]);
    const join = (org: string, user: string, kind: string, at: string) =>
      db.query(`insert into membership (organization_id, user_id, role, kind, joined_at) values ($1, $2, 'USER', $3, $4)`, [
        org,
        user,
        kind,
        at,
      ]);
    await join(second, person, 'INTERNAL', '2026-02-01T00:00:00Z');
    await join(first, person, 'INTERNAL', '2026-01-01T00:00:00Z');
    await join(third, person, 'EXTERNAL', '2025-01-01T00:00:00Z');
    await join(third, loner, 'INTERNAL', '2026-03-01T00:00:00Z');
    await db.query(
      `insert into session (id, token_hash, user_id, client, created_at, last_used_at, expires_at)
       values ($1, '\\x01', $2, 'WEB', '2026-11-01T10:00:00Z', now(), now() + interval '1 day')`,
      [session, person],
    );

    expect((await orm.getMigrator().up({ to: '0006-one-home' })).map((m) => m.name)).toEqual(['0006-one-home']);

    const kinds = await db.query<{ organization_id: string; user_id: string; kind: string }>(
      `select organization_id, user_id, kind from membership order by joined_at`,
    );
    const kindOf = (org: string, user: string) => kinds.rows.find((r) => r.organization_id === org && r.user_id === user)?.kind;
    expect(kindOf(first, person)).toBe('INTERNAL');
    expect(kindOf(second, person)).toBe('EXTERNAL');
    expect(kindOf(third, person)).toBe('EXTERNAL');
    expect(kindOf(third, loner)).toBe('INTERNAL');
    const audited = await db.query(`select organization_id, action, target_user_id, data from audit_event`);
    expect(audited.rows).toEqual([
      {
        organization_id: second,
        action: 'MEMBERSHIP_KIND_CHANGED',
        target_user_id: person,
        data: { from: 'INTERNAL', to: 'EXTERNAL', reason: 'ONE_HOME' },
      },
    ]);
    await expect(join(second, loner, 'INTERNAL', '2026-04-01T00:00:00Z')).rejects.toThrow(/membership_one_home/);
    const [row] = (await db.query<{ password_at: Date }>(`select password_at from session where id = $1`, [session])).rows;
    expect(row!.password_at.toISOString()).toBe('2026-11-01T10:00:00.000Z');
  });
});

import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '@twostep/server';
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

    expect(await migrate(orm)).toEqual(['0005-lighter-alert-mails']);

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

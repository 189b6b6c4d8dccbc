import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { AUDIT_COLUMNS, byColumn, csvRows, MEMBER_COLUMNS } from '../exports/download.js';
import { browserMissing, ConsoleWindow, launchChromium } from '../support/browser.js';
import { absent, hasText, shows } from '../support/browser-expect.js';
import type { TestUser } from '../support/factory.js';
import type { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { missingPart } from '../support/skip.js';

/**
 * The Export CSV links of the member list and the audit log: the browser downloads the file the
 * link names (the session cookie authenticates it), and the file holds exactly what the list shows
 * with the same filters, every page of it, not only the one on screen. Both screens are checked
 * by axe-core and photographed, at a desktop's width and a phone's.
 */
const skip = missingPart(browserMissing());

const LOG = `query($id: ID!, $after: String, $filter: AuditLogFilter) {
  organization(id: $id) { auditLog(first: 100, after: $after, filter: $filter) { hasNextPage endCursor edges { node { id } } } } }`;
const CHANGE_ROLE = `mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`;
const REMOVE = `mutation($input: MemberRefInput!) { removeMember(input: $input) }`;
const TIME_ZONE = `mutation($input: SetOrganizationTimeZoneInput!) { setOrganizationTimeZone(input: $input) { timeZone } }`;

const world = useTestServer({ campaignWorkers: false, rolloutWorkers: false, webhookWorkers: false });
let browser: Browser;
let org: { id: string; name: string };
let lea: TestUser;
let admin: GraphQLClient;
let rita: TestUser;
let win: ConsoleWindow;

const pager = (page: Page): Locator => page.getByRole('navigation', { name: 'Pages of members' });
const exportLink = (page: Page): Locator => page.getByRole('link', { name: 'Export CSV' });
const auditEntries = (page: Page): Locator => page.locator('.audit-list > li');

/** Clicks the link and reads the file the browser saved: its name, header and rows. */
async function downloaded(link: Locator): Promise<{ name: string; header: string[]; rows: Record<string, string>[] }> {
  const [download]: [Download, void] = await Promise.all([link.page().waitForEvent('download'), link.click()]);
  const { header, rows } = await csvRows(new Response(await fs.readFile(await download.path())));
  return { name: download.suggestedFilename(), header, rows: rows.map((row) => byColumn(header, row)) };
}

/** The ids of the members the list shows on its current page. */
async function shownMemberIds(page: Page): Promise<string[]> {
  const rows = await page.locator('tbody tr').all();
  return Promise.all(rows.map(async (row) => (await row.getAttribute('data-member-id')) ?? ''));
}

/** Every audit event's id the API lists with this filter, newest first. */
async function loggedIds(filter: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const data: any = await admin.ok(LOG, { id: org.id, after, filter });
    ids.push(...data.organization.auditLog.edges.map((edge: any) => edge.node.id));
    after = data.organization.auditLog.hasNextPage ? data.organization.auditLog.endCursor : null;
  } while (after);
  return ids;
}

const today = (): string => world.clock.now().toISOString().slice(0, 10);

describe.skipIf(skip)('exporting the member list and the audit log', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    org = await world.factory.organization('Initrode Exports');
    lea = await world.factory.user({ displayName: 'Lea Legal', twoFactor: true });
    await world.factory.member(org.id, lea.id, 'LEGAL_REPRESENTATIVE');
    admin = await world.factory.client(lea);
    const people: TestUser[] = [];
    for (const displayName of ['Rita Role', 'Ravi Role', 'Rosa Removed']) {
      const person = await world.factory.user({ displayName });
      await world.factory.member(org.id, person.id, 'USER');
      people.push(person);
    }
    rita = people[0]!;
    await world.factory.bulkMembers(org.id, 30, { prefix: 'expoff' });
    await world.factory.bulkMembers(org.id, 5, { prefix: 'expon', twoFactor: true });

    // 56 role changes and a removal: more than the audit log's first page of 50. The time zone
    // changes are events of another kind, which the filtered export must leave out.
    const event = async (query: string, input: Record<string, unknown>): Promise<void> => {
      world.clock.advance(1000);
      await admin.ok(query, { input: { organizationId: org.id, ...input } });
    };
    await event(TIME_ZONE, { timeZone: 'Europe/Paris' });
    for (let round = 0; round < 28; round++) {
      for (const person of people.slice(0, 2)) {
        await event(CHANGE_ROLE, { userId: person.id, role: round % 2 === 0 ? 'ADMINISTRATOR' : 'USER' });
      }
    }
    await event(REMOVE, { userId: people[2]!.id });
    await event(TIME_ZONE, { timeZone: 'UTC' });

    win = await ConsoleWindow.open(browser, world.url, 'exports-legal');
    await win.useSession(await world.factory.sessionToken(lea.id), world.url);
  });

  afterAll(async () => {
    await win?.close();
    await browser?.close();
  });

  it('exports every member without 2FA, on all the list’s pages, as the filtered list shows them', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}/members`);
    await page.getByLabel('Two-step verification').selectOption('DISABLED');
    // Rita, Ravi and the 30 bulk members without 2FA: two pages.
    await hasText(pager(page), '1–25 of 32 matching');
    const link = exportLink(page);
    expect(await link.getAttribute('title')).toContain('(32)');
    await win.checkScreen('members');
    const shown = await shownMemberIds(page);
    await pager(page).getByRole('button', { name: 'Next' }).click();
    await hasText(pager(page), '26–32 of 32 matching');
    shown.push(...(await shownMemberIds(page)));
    expect(shown).toHaveLength(32);

    const file = await downloaded(link);
    expect(file.name).toBe(`members-${org.id}-${today()}.csv`);
    expect(file.header).toEqual(MEMBER_COLUMNS);
    expect(file.rows.map((row) => row.id)).toEqual(shown);
    expect(file.rows.every((row) => row.two_factor_methods === '')).toBe(true);
    expect(file.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['Rita Role', 'Ravi Role']));
  }, 60_000);

  it('exports with the search too', async () => {
    const { page } = win;
    // expoff-1 and expoff-10 to expoff-19, by e-mail.
    await page.getByLabel('Search by name or e-mail').fill('expoff-1');
    await hasText(pager(page), '1–11 of 11 matching');
    const shown = await shownMemberIds(page);
    const file = await downloaded(exportLink(page));
    expect(file.rows.map((row) => row.id)).toEqual(shown);
    expect(file.rows.every((row) => row.email?.startsWith('expoff-1'))).toBe(true);

    await page.getByLabel('Search by name or e-mail').fill('nobody at all');
    await shows(page.getByText('No member matches'));
    await absent(exportLink(page));
  }, 30_000);

  it('exports the audit log’s events of one kind, older pages included, as the log shows them', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}/audit`);
    await shows(page.getByText('Lea Legal removed Rosa Removed'));
    await page.getByLabel('Events', { exact: true }).selectOption('Members joining and leaving');
    await shows(page.getByRole('button', { name: 'Show older events' }));
    await win.checkScreen('audit');
    await page.getByRole('button', { name: 'Show older events' }).click();
    await absent(page.getByRole('button', { name: 'Show older events' }));
    expect(await auditEntries(page).count()).toBe(57);

    const file = await downloaded(exportLink(page));
    expect(file.name).toBe(`audit-${org.id}-${today()}.csv`);
    expect(file.header).toEqual(AUDIT_COLUMNS);
    const filter = { actions: ['MEMBER_JOINED', 'MEMBER_LEFT', 'MEMBER_REMOVED', 'ROLE_CHANGED', 'MEMBERSHIP_KIND_CHANGED'] };
    expect(file.rows.map((row) => row.id)).toEqual(await loggedIds(filter));
    expect(file.rows).toHaveLength(57);
    expect(new Set(file.rows.map((row) => row.action))).toEqual(new Set(['ROLE_CHANGED', 'MEMBER_REMOVED']));
    // Line by line, the event the log shows in words.
    const lines = await auditEntries(page).allTextContents();
    for (const [i, row] of file.rows.entries()) {
      expect(lines[i]).toContain(row.actor);
      expect(lines[i]).toContain(row.target);
    }
  }, 60_000);

  it('exports the events about one member', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}/audit?member=${rita.id}`);
    await shows(page.getByRole('button', { name: /Stop showing only events about/ }));
    const file = await downloaded(exportLink(page));
    expect(file.rows).toHaveLength(28);
    expect(file.rows.every((row) => row.target_user_id === rita.id && row.action === 'ROLE_CHANGED')).toBe(true);
  }, 30_000);

  it('fits a phone’s width', async () => {
    const { page } = win;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/orgs/${org.id}/members?twoFactor=DISABLED`);
    await hasText(pager(page), '1–25 of 32 matching');
    await shows(exportLink(page));
    await win.checkScreen('members-narrow');
    await page.goto(`/orgs/${org.id}/audit?events=${encodeURIComponent('Members joining and leaving')}`);
    await shows(page.getByText('Lea Legal removed Rosa Removed'));
    await shows(exportLink(page));
    await win.checkScreen('audit-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 30_000);

  it('no window logged an error', () => {
    expect(win.errors).toEqual([]);
  });
});

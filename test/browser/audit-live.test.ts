import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserMissing, ConsoleWindow, launchChromium, screenshotDir } from '../support/browser.js';
import { absent, gone, hasText, shows } from '../support/browser-expect.js';
import type { TestUser } from '../support/factory.js';
import type { GraphQLClient } from '../support/graphql-client.js';
import { useTestServer } from '../support/use-test-server.js';
import { missingPart } from '../support/skip.js';

/**
 * The audit log, live (`auditEventAdded`): an administrator keeps the log open while changes are
 * made through the API. On the first page the entries of the chosen filter appear on top, marked
 * new and announced once per burst, and the others stay out; with older pages loaded, a notice
 * waits instead and brings the reader back to the top. Photographed and checked by axe at a
 * desktop's width and a phone's.
 */
const skip = missingPart(browserMissing());

const LOG = `query($id: ID!, $filter: AuditLogFilter) {
  organization(id: $id) { auditLog(first: 50, filter: $filter) { edges { node { id } } } } }`;
const CHANGE_ROLE = `mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`;
const EXEMPT = `mutation($input: ExemptMemberInput!) { exemptMember(input: $input) { id } }`;
const WINDOW = `mutation($input: SetNewMemberWindowInput!) { setNewMemberWindow(input: $input) { newMemberWindowDays } }`;
const MEMBERS_GROUP = 'Members joining and leaving';
const MEMBERS_ACTIONS = ['MEMBER_JOINED', 'MEMBER_LEFT', 'MEMBER_REMOVED', 'ROLE_CHANGED', 'MEMBERSHIP_KIND_CHANGED'];

const world = useTestServer({ campaignWorkers: false, rolloutWorkers: false, webhookWorkers: false });
let browser: Browser;
let org: { id: string; name: string };
let ada: TestUser;
let rita: TestUser;
let sam: TestUser;
let admin: GraphQLClient;
let win: ConsoleWindow;

const entries = (page: Page): Locator => page.locator('.audit-list > li');
const newMark = (entry: Locator): Locator => entry.getByText('New', { exact: true });
const liveMark = (page: Page): Locator => page.getByTitle('New events appear here as they happen, without reloading');
const announcer = (page: Page): Locator => page.getByRole('status').filter({ hasText: /new event/ });
const eventsSelect = (page: Page): Locator => page.getByLabel('Events', { exact: true });

const changeRole = (user: TestUser, role: 'ADMINISTRATOR' | 'USER'): Promise<unknown> =>
  admin.ok(CHANGE_ROLE, { input: { organizationId: org.id, userId: user.id, role } });
const setWindow = (days: number): Promise<unknown> => admin.ok(WINDOW, { input: { organizationId: org.id, days } });

/** What the screen shows scrolled where it is (the page's screenshots are whole, where nothing floats). */
async function photograph(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `audit-live-ada-${name}.png`) });
}

/** Loads the older events, makes one change, and finds the notice offering it. */
async function waitingNotice(page: Page, change: () => Promise<unknown>): Promise<{ notice: Locator; shown: string[] }> {
  await page.getByRole('button', { name: 'Show older events' }).click();
  await absent(page.getByRole('button', { name: 'Show older events' }));
  const shown = await shownIds(page);
  expect(shown.length).toBeGreaterThan(50);
  await change();
  const notice = page.getByRole('button', { name: '1 new event — show' });
  await shows(notice);
  return { notice, shown };
}

/** The ids the list shows, top to bottom. */
async function shownIds(page: Page): Promise<string[]> {
  return entries(page).evaluateAll((items) => items.map((item) => item.getAttribute('data-entry-id') ?? ''));
}

/** The first page the API answers with this filter: what the list must show, no more, no less. */
async function firstPage(filter: Record<string, unknown>): Promise<string[]> {
  const data = await admin.ok(LOG, { id: org.id, filter });
  return data.organization.auditLog.edges.map((edge: { node: { id: string } }) => edge.node.id);
}

/**
 * The server listens for this database's committed audit entries: its audit feed's own connection
 * has run its LISTEN. It opens with the first `auditEventAdded` subscriber (this window's), so
 * from then on no change the test makes can slip past the subscription.
 */
async function feedListening(): Promise<void> {
  await vi.waitFor(
    async () => {
      const rows = await world.factory.query(
        `select 1 from pg_stat_activity where datname = current_database() and application_name = 'twostep-audit-feed'
           and state = 'idle' and query ilike 'listen %'`,
      );
      expect(rows).toHaveLength(1);
    },
    { timeout: 10_000, interval: 50 },
  );
}

/**
 * The chosen event group is drawn whole in its select: its label, measured in the select's font,
 * fits the select's text box. (Evaluated as text: the tests are typed without the DOM.)
 */
async function selectFitsItsLabel(page: Page): Promise<void> {
  const id = await eventsSelect(page).getAttribute('id');
  const measured = await page.evaluate<{ label: number; box: number }>(`(() => {
    const select = document.getElementById(${JSON.stringify(id)});
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    return { label: context.measureText(select.selectedOptions[0].text).width, box: select.clientWidth - padding };
  })()`);
  expect(measured.label).toBeLessThanOrEqual(measured.box);
}

describe.skipIf(skip)('the audit log, live', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    org = await world.factory.organization('Vandelay Live');
    ada = await world.factory.user({ displayName: 'Ada Admin', twoFactor: true });
    await world.factory.member(org.id, ada.id, 'ADMINISTRATOR');
    admin = await world.factory.client(ada);
    rita = await world.factory.user({ displayName: 'Rita Role' });
    sam = await world.factory.user({ displayName: 'Sam Sample' });
    for (const person of [rita, sam]) await world.factory.member(org.id, person.id, 'USER');

    // Two role changes each, then 55 changes of the window: more than the log's first page.
    for (const person of [rita, sam]) {
      await changeRole(person, 'ADMINISTRATOR');
      await changeRole(person, 'USER');
    }
    for (let days = 1; days <= 55; days++) await setWindow(days);

    win = await ConsoleWindow.open(browser, world.url, 'audit-live-ada');
    await win.useSession(await world.factory.sessionToken(ada.id), world.url);
  });

  afterAll(async () => {
    await win?.close();
    await browser?.close();
  });

  it('puts the entries of the filter on top as they are committed, marked and announced once', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}/audit?events=${encodeURIComponent(MEMBERS_GROUP)}&member=${rita.id}`);
    await shows(page.getByRole('button', { name: 'Stop showing only events about Rita Role' }));
    await shows(liveMark(page));
    await feedListening();
    await selectFitsItsLabel(page);
    const before = await shownIds(page);
    expect(before).toHaveLength(2);

    // Out of the filter: another kind of event about Rita, Sam's role, the organization's window.
    const expiresAt = new Date(world.clock.now().getTime() + 30 * 86_400_000).toISOString();
    await admin.ok(EXEMPT, { input: { organizationId: org.id, userId: rita.id, reason: 'On leave until March', expiresAt } });
    await changeRole(sam, 'ADMINISTRATOR');
    await setWindow(60);
    // In it: two role changes of Rita, one burst.
    await changeRole(rita, 'ADMINISTRATOR');
    await changeRole(rita, 'USER');

    await expect.poll(() => entries(page).count(), { timeout: 10_000 }).toBe(4);
    await hasText(entries(page).nth(0), 'Ada Admin changed the role of Rita Role to user');
    await hasText(entries(page).nth(1), 'Ada Admin changed the role of Rita Role to administrator');
    await shows(newMark(entries(page).nth(0)));
    await shows(newMark(entries(page).nth(1)));
    await absent(newMark(entries(page).nth(2)));
    await hasText(announcer(page), '2 new events');
    await absent(page.getByText('exempted Rita Role'));
    await absent(page.getByText('Sam Sample'));
    await absent(page.getByText('gave new members 60 days'));
    // Exactly the filter's log, each entry once: as a reload would show it.
    expect(await shownIds(page)).toEqual(await firstPage({ actions: MEMBERS_ACTIONS, targetUserId: rita.id }));
    expect((await shownIds(page)).slice(2)).toEqual(before);
    await win.checkScreen('first-page');

    // Wider filters ask again; what came live is not doubled.
    await page.getByRole('button', { name: 'Stop showing only events about Rita Role' }).click();
    // Sam's change came before Rita's two.
    await hasText(entries(page).nth(2), 'Ada Admin changed the role of Sam Sample to administrator');
    expect(await shownIds(page)).toEqual(await firstPage({ actions: MEMBERS_ACTIONS }));
    await eventsSelect(page).selectOption('');
    await shows(page.getByText('Ada Admin exempted Rita Role from two-step verification', { exact: false }));
    await shows(page.getByText('Ada Admin gave new members 60 days to set up two-step verification'));
    expect(await shownIds(page)).toEqual(await firstPage({}));
  }, 60_000);

  it('with older events loaded, keeps the rows still and offers the new ones instead', async () => {
    const { page } = win;
    const { notice, shown } = await waitingNotice(page, () => changeRole(sam, 'USER'));
    await hasText(announcer(page), '1 new event');
    expect(await shownIds(page)).toEqual(shown);
    await win.checkScreen('later-page');
    await entries(page).nth(30).scrollIntoViewIfNeeded();
    await photograph(page, 'later-page-scrolled');
    expect(await shownIds(page)).toEqual(shown);

    await notice.click();
    await gone(notice);
    await hasText(entries(page).nth(0), 'Ada Admin changed the role of Sam Sample to user');
    await shows(newMark(entries(page).nth(0)));
    await shows(page.getByRole('button', { name: 'Show older events' }));
    await expect.poll(() => shownIds(page)).toEqual(await firstPage({}));
  }, 60_000);

  it('fits a phone’s width, the chosen group read whole', async () => {
    const { page } = win;
    await page.setViewportSize({ width: 390, height: 844 });
    await eventsSelect(page).selectOption(MEMBERS_GROUP);
    await hasText(entries(page).nth(0), 'Ada Admin changed the role of Sam Sample to user');
    await selectFitsItsLabel(page);
    await changeRole(rita, 'ADMINISTRATOR');
    await hasText(entries(page).nth(0), 'Ada Admin changed the role of Rita Role to administrator');
    await shows(newMark(entries(page).nth(0)));
    await shows(liveMark(page));
    await win.checkScreen('narrow');

    await eventsSelect(page).selectOption('');
    const { notice } = await waitingNotice(page, () => changeRole(rita, 'USER'));
    await entries(page).nth(40).scrollIntoViewIfNeeded();
    await photograph(page, 'later-page-narrow');
    await notice.click();
    await hasText(entries(page).nth(0), 'Ada Admin changed the role of Rita Role to user');
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 30_000);

  it('works on without the live connection, and then does not say Live', async () => {
    const offline = await ConsoleWindow.open(browser, world.url, 'audit-live-refused');
    try {
      await offline.useSession(await world.factory.sessionToken(ada.id), world.url);
      // The socket is real, but the server's answer to this one subscription is a refusal.
      let refused = 0;
      await offline.context.routeWebSocket(/\/graphql$/, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => {
          const parsed = JSON.parse(String(message)) as { id?: string; type: string; payload?: { query?: string } };
          if (parsed.type !== 'subscribe' || !parsed.payload?.query?.includes('auditEventAdded')) return server.send(message);
          refused++;
          ws.send(
            JSON.stringify({
              id: parsed.id,
              type: 'error',
              payload: [{ message: 'Refused by the test', extensions: { code: 'FORBIDDEN' } }],
            }),
          );
        });
      });
      const { page } = offline;
      await page.goto(`/orgs/${org.id}/audit`);
      await hasText(entries(page).nth(0), 'Ada Admin changed the role of Rita Role to user');
      await expect.poll(() => refused, { timeout: 10_000 }).toBe(1);
      await absent(liveMark(page));
      await eventsSelect(page).selectOption(MEMBERS_GROUP);
      await absent(page.getByText('gave new members'));
      await hasText(entries(page).nth(0), 'Ada Admin changed the role of Rita Role to user');
      await shows(page.getByRole('link', { name: 'Export CSV' }));
      await offline.checkScreen('audit');
      expect(offline.errors).toEqual([]);
    } finally {
      await offline.close();
    }
  }, 30_000);

  it('no window logged an error', () => {
    expect(win.errors).toEqual([]);
  });
});

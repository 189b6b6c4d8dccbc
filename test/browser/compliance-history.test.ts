import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserMissing, ConsoleWindow, launchChromium, screenshotDir } from '../support/browser.js';
import { hasText, shows } from '../support/browser-expect.js';
import type { TestUser } from '../support/factory.js';
import { missingPart } from '../support/skip.js';
import { totpAt } from '../support/totp.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The compliance history (issue 17), each screen checked by axe-core and photographed at desktop
 * and phone widths. Real changes through the API over three days of the server's clock (the
 * recorder drained by hand after each, no sleeps): a member exempted, the requirement switched on,
 * members setting up 2FA, a reset. The Overview draws them with a summary and a table, and a
 * member's setup arrives live; the evidence report, opened from the security settings, names the
 * right people in each section; printed, it is the document alone, and it makes a PDF.
 */
const skip = missingPart(browserMissing());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const EXEMPT = `mutation($input: ExemptMemberInput!) { exemptMember(input: $input) { id } }`;
const REQUIRE = `mutation($input: SetTwoFactorRequirementInput!) { setTwoFactorRequirement(input: $input) { twoFactorRequired } }`;
const RESET = `mutation($input: ResetMemberInput!) { resetMemberSecondFactors(input: $input) { id } }`;
const START_TOTP = `mutation { startTotpEnrollment { secret } }`;
const CONFIRM_TOTP = `mutation($input: ConfirmTotpInput!) { confirmTotpEnrollment(input: $input) { codes } }`;

const world = useTestServer({ historyWorkers: false });
let browser: Browser;
let org: { id: string; name: string };
let ada: TestUser;
const people: Record<'ben' | 'cleo' | 'dan' | 'eve' | 'finn', TestUser> = {} as never;
let win: ConsoleWindow;
let phone: ConsoleWindow;
const windows: ConsoleWindow[] = [];
/** The minute of the first change, three days ago: each point is at a minute after it. */
let start = 0;
let exemptUntil = '';

/** The change at `at` (server time), then the recorder's round: its point is written and published. */
async function at(moment: number, change: () => Promise<unknown>): Promise<void> {
  world.clock.set(new Date(moment + 10_000));
  await change();
  await world.app.historyRecorder.drain();
}

/** Ada's session, made at the server's time (a session from three days earlier has expired). */
const asAda = () => world.factory.client(ada);

async function setUpTotp(user: TestUser): Promise<void> {
  const api = await world.factory.client(user);
  const secret = (await api.ok(START_TOTP)).startTotpEnrollment.secret as string;
  await api.ok(CONFIRM_TOTP, { input: { code: totpAt(secret, world.clock.now()) } });
}

async function open(prefix: string, userId: string, viewport?: { width: number; height: number }): Promise<ConsoleWindow> {
  const opened = await ConsoleWindow.open(browser, world.url, `compliance-history-${prefix}`, viewport);
  await opened.useSession(await world.factory.sessionToken(userId), world.url);
  windows.push(opened);
  return opened;
}

/** How the console writes a moment ("4 Dec 2026, 14:05") in the window's language and zone. */
const formatted = (page: Page, ms: number): Promise<string> =>
  page.evaluate((t) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(t)), ms);
/** A `date` input's value for a moment, in the window's zone. */
const dayValue = (page: Page, ms: number): Promise<string> =>
  page.evaluate((t) => {
    const d = new Date(t);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, ms);

const history = (page: Page): Locator => page.getByRole('region', { name: 'Compliance history', exact: true });
const summary = (page: Page): Locator => history(page).getByTestId('history-summary');
const tableRows = (page: Page): Locator => history(page).locator('.history-table tbody tr');
const section = (page: Page, name: string): Locator => page.getByRole('region', { name, exact: true });

describe.skipIf(skip)('the compliance history and the evidence report', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    start = Math.floor(Date.now() / MINUTE) * MINUTE - 3 * DAY;
    world.clock.set(new Date(start));
    org = await world.factory.organization('Globex Evidence');
    ada = await world.factory.user({ displayName: 'Ada Admin', twoFactor: true });
    await world.factory.member(org.id, ada.id, 'ADMINISTRATOR');
    const names = { ben: 'Ben Baker', cleo: 'Cleo Clerk', dan: 'Dan Driver', eve: 'Eve External', finn: 'Finn Field' };
    for (const [key, displayName] of Object.entries(names) as [keyof typeof names, string][]) {
      people[key] = await world.factory.user({ displayName });
      await world.factory.member(org.id, people[key].id, 'USER');
    }
    exemptUntil = new Date(start + 60 * DAY).toISOString();

    // 6 members, Ada with 2FA. Eve exempted: 1 of 5 counted, 20%.
    await at(start, async () =>
      (await asAda()).ok(EXEMPT, {
        input: { organizationId: org.id, userId: people.eve.id, reason: 'Contractor without a phone', expiresAt: exemptUntil },
      }),
    );
    // A day later the requirement: the four others without 2FA blocked.
    await at(start + DAY, async () => (await asAda()).ok(REQUIRE, { input: { organizationId: org.id, required: true, confirm: true } }));
    await at(start + DAY + 2 * HOUR, () => setUpTotp(people.ben)); // 40%
    await at(start + 2 * DAY, () => setUpTotp(people.cleo)); // 60%
    // Ben's authenticator reset by Ada (his phone was lost), and set up again.
    await at(start + 2 * DAY + HOUR, async () =>
      (await asAda()).ok(RESET, {
        input: {
          organizationId: org.id,
          userId: people.ben.id,
          proof: { code: totpAt(ada.totpSecret!, world.clock.now()) },
          confirm: true,
        },
      }),
    ); // 40%
    await at(start + 2 * DAY + 3 * HOUR, () => setUpTotp(people.ben)); // 60%

    // The server's clock back to the present, where the browser lives.
    world.clock.set(new Date());
    win = await open('ada', ada.id);
    phone = await open('ada-phone', ada.id, { width: 390, height: 844 });
  }, 60_000);

  afterAll(async () => {
    for (const opened of windows) await opened.close();
    await browser?.close();
  });

  it('draws the last seven days on the Overview, with a summary, the policy change and a table of the points', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}`);
    const first = await formatted(page, start);
    const last = await formatted(page, start + 2 * DAY + 3 * HOUR);
    await hasText(summary(page), `20% on ${first} → 60% on ${last}`);
    await hasText(summary(page), 'at most 4 members blocked');
    const chart = history(page).getByTestId('compliance-history-chart');
    await shows(chart.locator('.recharts-wrapper > svg'));
    await hasText(chart, '2FA required');

    await history(page).getByRole('button', { name: 'Show as table' }).click();
    await expect.poll(() => tableRows(page).count()).toBe(6);
    expect(await tableRows(page).locator('td:nth-child(2)').allTextContents()).toEqual(['20%', '20%', '40%', '60%', '40%', '60%']);
    expect(await tableRows(page).locator('td:nth-child(7)').allTextContents()).toEqual(['0', '4', '3', '2', '3', '2']);
    await hasText(tableRows(page).first().locator('th'), first);
    await hasText(history(page).getByRole('list', { name: 'Policy changes in this range' }), '2FA required by Ada Admin');

    const csv = history(page).getByRole('link', { name: 'Download CSV' });
    const href = (await csv.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/export\/compliance-history\.csv\?organizationId=.+&from=.+&to=.+&resolution=HOUR$/);
    const exported = await page.request.get(href);
    expect(exported.status()).toBe(200);
    // A header and one line per point.
    expect((await exported.text()).trim().split('\n')).toHaveLength(7);
    await win.checkScreen('overview');

    // The last day, by the minute: the state held at its start (60%), Ben's reset and his new setup.
    await history(page).getByLabel('Range', { exact: true }).selectOption('day');
    await hasText(summary(page), 'lowest 40% on');
    await expect.poll(() => tableRows(page).count()).toBe(3);
    await history(page).getByLabel('Range', { exact: true }).selectOption('week');
    await hasText(summary(page), '→ 60% on');
  }, 60_000);

  it('adds the point of a member who sets up 2FA, live, without a reload', async () => {
    const { page } = win;
    await expect.poll(() => tableRows(page).count()).toBe(6);
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    await at(now, () => setUpTotp(people.dan));
    await hasText(summary(page), `→ 80% on ${await formatted(page, now)}`);
    await expect.poll(() => tableRows(page).count()).toBe(7);
    await hasText(tableRows(page).last(), '80%');
    await hasText(page.getByTestId('compliance-percent'), '80%');
    await win.checkScreen('overview-live');
  }, 30_000);

  it('fits a phone’s width', async () => {
    const { page } = phone;
    await page.goto(`/orgs/${org.id}`);
    await hasText(summary(page), '→ 80% on');
    await shows(history(page).locator('.recharts-wrapper > svg'));
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await phone.checkScreen('overview');
  }, 30_000);

  it('opens the evidence report from the security settings, each section with the right people', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}/security`);
    const form = section(page, 'Evidence for auditors');
    await form.getByLabel('From').fill(await dayValue(page, start + DAY));
    await win.checkScreen('security-settings');
    await form.getByRole('link', { name: 'Open evidence report' }).click();
    await shows(page.getByRole('heading', { level: 1, name: 'Evidence report: Globex Evidence' }));

    await hasText(page.locator('.evidence-facts').first(), 'Ada Admin');
    await hasText(page.getByTestId('evidence-requirement'), 'Required of every member since');
    await hasText(page.getByTestId('evidence-requirement'), 'by Ada Admin');
    const policy = section(page, 'Security policy');
    await hasText(
      policy.getByRole('table', { name: 'Policy changes in this range' }),
      'Ada Admin required two-step verification of all members',
    );

    const compliance = section(page, 'Compliance');
    await hasText(compliance.getByTestId('evidence-at-the-start'), '20% compliant');
    await hasText(compliance.getByTestId('evidence-at-the-end'), '80% compliant');
    await shows(compliance.locator('.recharts-wrapper > svg'));
    await hasText(compliance.getByTestId('history-summary'), '→ 80% on');

    const exemptions = section(page, 'Exemptions in force').getByRole('row');
    await expect.poll(() => exemptions.count()).toBe(2);
    await hasText(exemptions.nth(1), 'Eve External');
    await hasText(exemptions.nth(1), 'Contractor without a phone');
    await hasText(exemptions.nth(1), 'Ada Admin');

    await hasText(section(page, 'Resets and lockouts'), 'Ada Admin reset the second factors of Ben Baker');

    const without = section(page, 'Members without two-step verification').locator('tbody tr');
    await expect.poll(() => without.count()).toBe(2);
    // Each row: the name (the e-mail under it) and the state.
    const rows = await Promise.all(
      (await without.all()).map(async (row): Promise<[string, string]> => [
        (await row.locator('th').innerText()).split('\n')[0] ?? '',
        await row.locator('td').last().innerText(),
      ]),
    );
    expect(rows.map(([who]) => who).sort()).toEqual(['Eve External', 'Finn Field']);
    const stateOf = (name: string): string => rows.find(([who]) => who === name)?.[1] ?? '';
    expect(stateOf('Eve External')).toMatch(/^Exempt until /);
    expect(stateOf('Finn Field')).toBe(`Blocked since ${await formatted(page, start + DAY + 10_000)}`);
    await shows(page.getByRole('button', { name: 'Print or save as PDF' }));
    await win.checkScreen('evidence');

    await phone.page.goto(page.url());
    await shows(section(phone.page, 'Members without two-step verification').locator('tbody tr').first());
    await phone.checkScreen('evidence');
  }, 60_000);

  it('prints as the document alone, and makes a PDF', async () => {
    const { page } = win;
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
    await shows(section(page, 'Members without two-step verification'));
    await win.checkScreen('evidence-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(screenshotDir, 'compliance-history-evidence.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    await page.emulateMedia({ media: 'screen' });
  }, 60_000);

  it('draws a change of the policy live, with its marker', async () => {
    const { page } = win;
    // Within the console, not by loading the page again: the organization's live subscriptions,
    // open since the report, are in place before the change (a reload would race them).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await hasText(summary(page), '→ 80% on');
    await at(Math.floor(Date.now() / MINUTE) * MINUTE, async () =>
      (await asAda()).ok(REQUIRE, { input: { organizationId: org.id, required: false, confirm: true } }),
    );
    await hasText(history(page).getByTestId('compliance-history-chart'), '2FA no longer required');
    await history(page).getByRole('button', { name: 'Show as table' }).click();
    await hasText(history(page).getByRole('list', { name: 'Policy changes in this range' }), '2FA no longer required by Ada Admin');
    await hasText(tableRows(page).last().locator('td').nth(5), '0');
    await win.checkScreen('overview-policy-change');
  }, 30_000);

  it('lists every member without 2FA in the report, past the API’s page of 100', async () => {
    const { page } = win;
    await world.factory.bulkMembers(org.id, 120, { prefix: 'crowd' });
    await page.goto(`/orgs/${org.id}/evidence?from=${await dayValue(page, start)}&to=${await dayValue(page, Date.now())}`);
    const without = section(page, 'Members without two-step verification').locator('tbody tr');
    await expect.poll(() => without.count()).toBe(122);
  }, 30_000);

  it('logged no error in any window', () => {
    expect(windows.flatMap((opened) => opened.errors)).toEqual([]);
  });
});

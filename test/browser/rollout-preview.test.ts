import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserMissing, ConsoleWindow, launchChromium } from '../support/browser.js';
import { absent, gone, hasAttribute, hasText, shows } from '../support/browser-expect.js';
import { type TestUser } from '../support/factory.js';
import type { GraphQLClient } from '../support/graphql-client.js';
import { missingPart } from '../support/skip.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Reminders, the time zone of e-mails and the lockout preview in the console (issue 14), each
 * screen checked by axe-core and photographed: a legal representative sets the reminder days (a
 * bad list is refused beside the field) and the e-mails' time zone; scheduling shows who would be
 * blocked at the chosen date, by name, searchable and in pages; the plan then lists its reminders
 * with the organization's time on hover of its dates; the preview's page names each member's
 * clients (who only uses the apps is not affected) and alerts them all; requiring now shows who
 * would be blocked now; a reminder that went out shows as sent, with its counts.
 */
const skip = missingPart(browserMissing());

const DAY_MS = 24 * 3_600_000;
const POLICY = `query($id: ID!) { organization(id: $id) { securityPolicy {
  requiredFrom reminderOffsets timeZone reminders { offsetDays state campaignId } } } }`;

const world = useTestServer();
let browser: Browser;
let org: { id: string; name: string };
let legal: TestUser;
let legalApi: GraphQLClient;
let win: ConsoleWindow;
const windows: ConsoleWindow[] = [];
/** The scheduled date, once set. */
let date: { iso: string; input: string; label: string };

function momentAhead(page: Page, days: number): Promise<{ iso: string; input: string; label: string }> {
  return page.evaluate((ms) => {
    const at = new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000);
    const pad = (n: number): string => String(n).padStart(2, '0');
    return {
      iso: at.toISOString(),
      input: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`,
      label: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at),
    };
  }, days * DAY_MS);
}

/** How the console writes a moment in another time zone (the hover of a plan's date). */
const inZone = (page: Page, iso: string, timeZone: string): Promise<string> =>
  page.evaluate(
    ([at, zone]) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(at!)),
    [iso, timeZone],
  );

const plan = (page: Page): Locator => page.getByRole('region', { name: 'Rollout plan' });
const reminders = (page: Page): Locator => plan(page).getByRole('region', { name: 'Reminders' });
const candidate = (scope: Locator | Page, name: string): Locator =>
  scope.getByRole('list', { name: 'Who would be blocked' }).getByRole('listitem').filter({ hasText: name }).first();

async function open(prefix: string, userId: string): Promise<ConsoleWindow> {
  const opened = await ConsoleWindow.open(browser, world.url, `rollout-preview-${prefix}`);
  await opened.useSession(await world.factory.sessionToken(userId), world.url);
  windows.push(opened);
  return opened;
}

describe.skipIf(skip)('reminders, the e-mails’ time zone and who would be blocked, in the console', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    org = await world.factory.organization('Initech Rollout');
    legal = await world.factory.user({ displayName: 'Lea Legal', twoFactor: true });
    await world.factory.member(org.id, legal.id, 'LEGAL_REPRESENTATIVE');
    const cat = await world.factory.user({ displayName: 'Cat Compliant', twoFactor: true });
    await world.factory.member(org.id, cat.id, 'USER');
    // Without 2FA: one on the web, one on the desktop app only, one on the web and a phone, one
    // external who has not signed in lately, and 24 more to fill pages.
    const ada = await world.factory.user({ displayName: 'Ada Admin' });
    const dora = await world.factory.user({ displayName: 'Dora Desktop' });
    const wes = await world.factory.user({ displayName: 'Wes Web' });
    const exa = await world.factory.user({ displayName: 'Exa External' });
    await world.factory.member(org.id, ada.id, 'ADMINISTRATOR');
    await world.factory.member(org.id, dora.id, 'USER');
    await world.factory.member(org.id, wes.id, 'USER');
    await world.factory.member(org.id, exa.id, 'USER', 'EXTERNAL');
    await world.factory.sessionToken(ada.id, 'WEB');
    await world.factory.sessionToken(dora.id, 'DESKTOP');
    await world.factory.sessionToken(wes.id, 'WEB');
    await world.factory.sessionToken(wes.id, 'MOBILE');
    await world.factory.bulkMembers(org.id, 24, { prefix: 'filler' });
    legalApi = await world.factory.client(legal);
    win = await open('legal', legal.id);
  });

  afterAll(async () => {
    for (const opened of windows) await opened.close();
    await browser?.close();
  });

  it('sets the reminder days, refusing a bad list beside the field', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}/security`);
    const part = reminders(page);
    const days = part.getByLabel('Days before the date');
    await expect.poll(() => days.inputValue(), { timeout: 10_000 }).toBe('14, 7, 1');
    await shows(part.getByText('The reminders are planned when a date is set.'));

    await days.fill('14, 90');
    await part.getByRole('button', { name: 'Save' }).click();
    await shows(part.getByText('Each reminder comes 1 to 60 days before the date.'));
    await hasAttribute(days, 'aria-invalid', 'true');
    await win.checkScreen('reminders-refused');

    await days.fill('10 3');
    await part.getByRole('button', { name: 'Save' }).click();
    await shows(part.getByText('Saved: members without 2FA are reminded 10 and 3 days before the date, and at the switch.'));
    await absent(part.getByText('Each reminder comes'));
    await expect.poll(() => days.inputValue()).toBe('10, 3');
    expect((await legalApi.ok(POLICY, { id: org.id })).organization.securityPolicy.reminderOffsets).toEqual([10, 3]);
    await shows(page.getByRole('list', { name: 'Changes of the requirement' }).getByText('Reminders set to 10, 3 days before the date'));
    await win.checkScreen('reminders-saved');
  }, 30_000);

  it('sets the time zone of the e-mails', async () => {
    const { page } = win;
    const section = page.getByRole('region', { name: 'Time zone for e-mails' });
    const zone = section.getByLabel('Time zone', { exact: true });
    await expect.poll(() => zone.inputValue(), { timeout: 10_000 }).toBe('UTC');
    await zone.selectOption('Europe/Paris');
    await section.getByRole('button', { name: 'Save' }).click();
    await shows(section.getByText('Saved: e-mails write their dates in Europe/Paris time.'));
    expect((await legalApi.ok(POLICY, { id: org.id })).organization.securityPolicy.timeZone).toBe('Europe/Paris');
    await shows(page.getByRole('list', { name: 'Changes of the requirement' }).getByText('Time zone for e-mails set to Europe/Paris'));
    await win.checkScreen('time-zone-saved');
  }, 30_000);

  it('the schedule’s confirmation names who would be blocked at the date, searchable and in pages', async () => {
    const { page } = win;
    date = await momentAhead(page, 8);
    await plan(page).getByLabel('Required from (Europe/Zurich time)').fill(date.input);
    await plan(page).getByRole('button', { name: 'Schedule…' }).click();
    const confirm = page.getByRole('dialog', { name: `Require two-step verification from ${date.label}?` });
    const preview = confirm.getByTestId('lockout-preview');
    await hasText(preview.getByTestId('lockout-total'), `28 of 30 members would be blocked on ${date.label}.`);
    await hasText(preview.getByTestId('lockout-counts'), 'By role1 administrator, 27 users');
    await hasText(preview.getByTestId('lockout-counts'), 'By kind27 internal, 1 external');
    await hasText(confirm.getByRole('navigation', { name: 'Pages of who would be blocked' }), '1–5 of 28');
    await shows(candidate(confirm, 'Ada Admin'));
    await absent(confirm.getByText('Cat Compliant'));
    await hasText(confirm.getByTestId('schedule-consequences'), 'reminded by e-mail 10 and 3 days before the date, and at the switch');
    await win.checkScreen('schedule-confirm-preview');

    await confirm.getByRole('button', { name: 'Next' }).click();
    await hasText(confirm.getByRole('navigation', { name: 'Pages of who would be blocked' }), '6–10 of 28');
    await absent(candidate(confirm, 'Ada Admin'));

    await confirm.getByLabel('Search by name or e-mail').fill('dora');
    await hasText(confirm.getByRole('navigation', { name: 'Pages of who would be blocked' }), '1–1 of 1 matching');
    const dora = candidate(confirm, 'Dora Desktop');
    await hasText(dora, 'Desktop');
    await shows(dora.getByText('Not affected: uses only the apps'));
    // The totals stay those of everyone.
    await hasText(preview.getByTestId('lockout-total'), '28 of 30 members would be blocked');
    await win.checkScreen('schedule-confirm-search');
    await page.setViewportSize({ width: 390, height: 844 });
    await win.checkScreen('schedule-confirm-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });

    await confirm.getByRole('button', { name: 'Schedule', exact: true }).click();
    await gone(confirm);
    expect((await legalApi.ok(POLICY, { id: org.id })).organization.securityPolicy.requiredFrom).toBe(date.iso);
  }, 60_000);

  it('lists the plan’s reminders, the next one apart, with the organization’s time on hover of its dates', async () => {
    const { page } = win;
    const when = plan(page).getByTestId('schedule-status').locator('time');
    await hasText(when, date.label);
    await hasAttribute(when, 'title', `In the organization’s time zone (Europe/Paris): ${await inZone(page, date.iso, 'Europe/Paris')}`);
    await hasText(plan(page).getByTestId('schedule-status'), 'e-mails write them in Europe/Paris time');

    const list = reminders(page).getByRole('list', { name: 'Reminders' });
    const items = list.getByRole('listitem');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(3);
    // Ten days before a date eight days ahead was already past: skipped.
    await hasText(items.nth(0), '10 days before');
    await hasText(items.nth(0), 'Skipped');
    await hasText(items.nth(1), '3 days before');
    await hasText(items.nth(1), 'Next');
    await hasAttribute(items.nth(1), 'aria-current', 'step');
    await hasText(items.nth(2), 'At the switch');
    await hasText(items.nth(2), 'Planned');
    const switchAt = items.nth(2).locator('time');
    await hasText(switchAt, date.label);
    await hasAttribute(
      switchAt,
      'title',
      `In the organization’s time zone (Europe/Paris): ${await inZone(page, date.iso, 'Europe/Paris')}`,
    );
    await win.checkScreen('reminders-scheduled');
    await page.setViewportSize({ width: 390, height: 844 });
    await win.checkScreen('reminders-scheduled-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 30_000);

  it('the preview’s page names each member’s clients, searches, and alerts them all', async () => {
    const { page } = win;
    await plan(page).getByRole('link', { name: 'See who would be blocked at the date' }).click();
    await shows(page.getByRole('heading', { level: 1, name: 'Who would be blocked' }));
    const preview = page.getByTestId('lockout-preview');
    await hasText(preview.getByTestId('lockout-total'), `28 of 30 members would be blocked on ${date.label}.`);
    const pages = page.getByRole('navigation', { name: 'Pages of who would be blocked' });
    await hasText(pages, '1–25 of 28');
    await hasText(candidate(page, 'Ada Admin'), 'Administrator · Internal · Last alerted never · Last web sign-in');
    await shows(candidate(page, 'Ada Admin').getByRole('list', { name: 'Used in the last 30 days' }).getByText('Web', { exact: true }));
    await win.checkScreen('preview-page');

    await pages.getByRole('button', { name: 'Next' }).click();
    await hasText(pages, '26–28 of 28');
    await absent(candidate(page, 'Ada Admin'));
    const wes = candidate(page, 'Wes Web');
    await shows(wes.getByRole('list', { name: 'Used in the last 30 days' }).getByText('Web', { exact: true }));
    await shows(wes.getByRole('list', { name: 'Used in the last 30 days' }).getByText('Mobile', { exact: true }));
    await absent(wes.getByText('Not affected'));
    await shows(candidate(page, 'Dora Desktop').getByText('Not affected: uses only the apps'));
    await shows(candidate(page, 'Exa External').getByText('No sign-in in 30 days'));
    await hasText(candidate(page, 'Exa External'), 'User · External');
    await win.checkScreen('preview-page-2');

    await page.getByLabel('Search by name or e-mail').fill('wes');
    await hasText(page.getByRole('navigation', { name: 'Pages of who would be blocked' }), '1–1 of 1 matching');
    await absent(candidate(page, 'Ada Admin'));
    await win.checkScreen('preview-search');
    await page.setViewportSize({ width: 390, height: 844 });
    await win.checkScreen('preview-search-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByLabel('Search by name or e-mail').fill('');

    await page.getByRole('button', { name: 'Now', exact: true }).click();
    await hasText(preview.getByTestId('lockout-total'), '28 of 30 members would be blocked now.');

    await shows(preview.getByText('Alerts every member without two-step verification (28), not only those listed here.'));
    await preview.getByRole('button', { name: 'Alert all of them' }).click();
    const dialog = page.getByRole('dialog', { name: 'Warn every member without 2FA?' });
    await hasText(dialog, 'Each of the 28 members');
    await dialog.getByRole('button', { name: 'Send the alerts' }).click();
    const progress = page.getByRole('dialog', { name: 'Warning members without 2FA' });
    await shows(progress.getByText('Done', { exact: false }));
    await hasText(progress.getByTestId('campaign-queued'), '28');
    await progress.getByRole('button', { name: 'Back to the preview' }).click();
    await gone(progress);
    await expect.poll(() => candidate(page, 'Ada Admin').textContent(), { timeout: 15_000 }).not.toContain('Last alerted never');
  }, 60_000);

  it('the require-now confirmation names who would be blocked now', async () => {
    const { page } = win;
    await page.getByRole('link', { name: 'Security settings' }).click();
    await page.getByRole('switch', { name: 'Require 2FA for all users' }).click();
    const confirm = page.getByRole('dialog', { name: 'Require two-step verification in Initech Rollout?' });
    const consequences = confirm.getByTestId('requirement-consequences');
    await shows(consequences.getByText('This starts the requirement now, instead of at the scheduled date.'));
    await hasText(consequences.getByTestId('lockout-total'), '28 of 30 members would be blocked now.');
    await shows(candidate(confirm, 'Ada Admin'));
    await win.checkScreen('require-now-preview');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await gone(confirm);
    await hasAttribute(page.getByRole('switch', { name: 'Require 2FA for all users' }), 'aria-checked', 'false');
  }, 30_000);

  it('a reminder that went out shows as sent, with its counts', async () => {
    // Three days before the date (the server's clock; a day after the hand-sent alerts).
    world.clock.set(new Date(Date.parse(date.iso) - 3 * DAY_MS + 1000));
    // Days later, the web sessions have idled out: new ones.
    legalApi = await world.factory.client(legal);
    await win.useSession(await world.factory.sessionToken(legal.id), world.url);
    await expect
      .poll(
        async () =>
          (await legalApi.ok(POLICY, { id: org.id })).organization.securityPolicy.reminders.map(
            (r: { offsetDays: number; state: string }) => `${r.offsetDays}:${r.state}`,
          ),
        { timeout: 15_000 },
      )
      .toEqual(['10:SKIPPED', '3:SENT', '0:PENDING']);
    const { page } = win;
    await page.goto(`/orgs/${org.id}/security`);
    const items = reminders(page).getByRole('list', { name: 'Reminders' }).getByRole('listitem');
    await hasText(items.nth(1), 'Sent');
    await hasText(items.nth(1).getByTestId('reminder-counts'), '28 e-mailed, 0 skipped');
    await hasText(items.nth(2), 'At the switch');
    await hasText(items.nth(2), 'Next');
    await win.checkScreen('reminders-sent');
  }, 30_000);

  it('no window logged an error', () => {
    expect(windows.flatMap((opened) => opened.errors)).toEqual([]);
  });
});

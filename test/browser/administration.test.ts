import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserMissing, ConsoleWindow, launchChromium } from '../support/browser.js';
import { absent, gone, hasAttribute, hasText, shows } from '../support/browser-expect.js';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';
import { missingPart } from '../support/skip.js';

/**
 * The administrator's screens, each checked by axe-core and photographed: the member list
 * (pages, filters, search, sort, remembered columns, narrow screens), a member's details (role,
 * reset, removal), warning everyone without 2FA, the refusal for an administrator without 2FA,
 * the audit log, invitations down to a newcomer's first screen, and API tokens shown once.
 */
const skip = missingPart(browserMissing());

const world = useTestServer();
let browser: Browser;
let org: { id: string; name: string };
let legal: TestUser;
let nick: TestUser;
let win: ConsoleWindow;
const windows: ConsoleWindow[] = [];

const rowOf = (page: Page, name: string): Locator => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
/** A row as drawn, also while the details drawer hides the list from assistive technology. */
const drawnRow = (page: Page, name: string): Locator => page.locator('tbody tr').filter({ hasText: name });

/** The list searched for one person, and their details opened. */
async function openMember(page: Page, name: string): Promise<Locator> {
  await page.goto(`/orgs/${org.id}/members?q=${encodeURIComponent(name)}`);
  await rowOf(page, name).getByRole('link').click();
  return page.getByRole('dialog', { name });
}
const pager = (page: Page): Locator => page.getByRole('navigation', { name: 'Pages of members' });

async function open(prefix: string, userId: string): Promise<ConsoleWindow> {
  const opened = await ConsoleWindow.open(browser, world.url, `admin-${prefix}`);
  await opened.useSession(await world.factory.sessionToken(userId), world.url);
  windows.push(opened);
  return opened;
}

describe.skipIf(skip)('the administrator’s screens', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    org = await world.factory.organization('Globex Admin Corp');
    legal = await world.factory.user({ displayName: 'Lea Legal', twoFactor: true });
    nick = await world.factory.user({ displayName: 'Nick Nofactor' });
    const tom = await world.factory.user({ displayName: 'Tom Target', twoFactor: true });
    const rita = await world.factory.user({ displayName: 'Rita Remove' });
    const partner = await world.factory.user({ displayName: 'Pat Partner', twoFactor: true });
    await world.factory.member(org.id, legal.id, 'LEGAL_REPRESENTATIVE');
    await world.factory.member(org.id, nick.id, 'ADMINISTRATOR');
    await world.factory.member(org.id, tom.id, 'USER');
    await world.factory.member(org.id, rita.id, 'USER');
    await world.factory.member(org.id, partner.id, 'USER', 'EXTERNAL');
    await world.factory.bulkMembers(org.id, 12, { prefix: 'bulkoff' });
    await world.factory.bulkMembers(org.id, 12, { prefix: 'bulkon', twoFactor: true });
    win = await open('legal', legal.id);
  });

  afterAll(async () => {
    for (const opened of windows) await opened.close();
    await browser?.close();
  });

  it('pages, filters, searches and sorts the member list', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}/members`);
    await hasText(pager(page), '1–25 of 29');
    await pager(page).getByRole('button', { name: 'Next' }).click();
    await hasText(pager(page), '26–29 of 29');
    await pager(page).getByRole('button', { name: 'Previous' }).click();
    await hasText(pager(page), '1–25 of 29');

    await page.getByLabel('Two-step verification').selectOption('DISABLED');
    await hasText(pager(page), '1–14 of 14 matching');
    expect(await page.locator('tbody [data-two-factor="enabled"]').count()).toBe(0);
    expect(page.url()).toContain('twoFactor=DISABLED');
    await win.checkScreen('members-without-2fa');

    await page.getByLabel('Two-step verification').selectOption('');
    await page.getByLabel('Search by name or e-mail').fill('target');
    await hasText(pager(page), '1–1 of 1 matching');
    await shows(rowOf(page, 'Tom Target'));
    await page.getByLabel('Search by name or e-mail').fill('');
    await hasText(pager(page), '1–25 of 29');

    await page.getByRole('button', { name: 'Security' }).click();
    await hasAttribute(page.getByRole('columnheader', { name: 'Security' }), 'aria-sort', 'ascending');
    // Without 2FA sorts first.
    await shows(page.locator('tbody tr').first().locator('[data-two-factor="disabled"]'));
  }, 60_000);

  it('hides and shows the Security column, and remembers the choice', async () => {
    const { page } = win;
    await page.locator('summary', { hasText: 'Columns' }).click();
    await win.checkScreen('column-chooser');
    await page.getByRole('checkbox', { name: 'Security' }).uncheck();
    await absent(page.getByRole('columnheader', { name: 'Security' }));
    await page.reload();
    await shows(page.getByRole('columnheader', { name: 'Name' }));
    await absent(page.getByRole('columnheader', { name: 'Security' }));
    await page.locator('summary', { hasText: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Security' }).check();
    await shows(page.getByRole('columnheader', { name: 'Security' }));
    await page.keyboard.press('Escape');
  }, 30_000);

  it('works at a phone’s width', async () => {
    const { page } = win;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/orgs/${org.id}/members`);
    await shows(rowOf(page, 'Bulk bulkoff 1'));
    await win.checkScreen('members-narrow');
    await shows((await openMember(page, 'Tom Target')).getByText('2FA enabled'));
    await win.checkScreen('member-details-narrow');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 30_000);

  it('changes a role, resets a lost device and removes a member from their details', async () => {
    const { page } = win;
    const details = await openMember(page, 'Tom Target');
    await details.getByLabel('Role').selectOption('ADMINISTRATOR');
    await details.getByRole('button', { name: 'Change role' }).click();
    await shows(details.getByText('Tom Target is now administrator.'));
    await hasText(drawnRow(page, 'Tom Target'), 'Administrator');

    await details.getByRole('button', { name: 'Reset second factors' }).click();
    const reset = page.getByRole('dialog', { name: "Reset Tom Target's second factors?" });
    await reset.getByLabel('Your password').fill(legal.password);
    await win.checkScreen('reset-dialog');
    await reset.getByRole('button', { name: 'Reset', exact: true }).click();
    await shows(details.getByText('second factors are reset'));
    await shows(drawnRow(page, 'Tom Target').locator('[data-two-factor="disabled"]'));
    await world.smtp.waitFor((mail) => mail.text.includes('Lea Legal'));
    await page.keyboard.press('Escape');
    await gone(details);

    const partner = await openMember(page, 'Pat Partner');
    await shows(partner.getByText('only they can change them'));
    await absent(partner.getByRole('button', { name: 'Reset second factors' }));
    await page.keyboard.press('Escape');

    await (await openMember(page, 'Rita Remove')).getByRole('button', { name: 'Remove from Globex Admin Corp' }).click();
    await page.getByRole('dialog', { name: 'Remove Rita Remove?' }).getByRole('button', { name: 'Remove the member' }).click();
    await absent(rowOf(page, 'Rita Remove'));
    await shows(page.getByText('No member matches'));
    await hasText(page.locator('.counts'), '28 members');
    await page.getByLabel('Search by name or e-mail').fill('');
  }, 60_000);

  it('warns every member without 2FA and shows the campaign’s counts', async () => {
    const { page } = win;
    await page.getByRole('button', { name: 'Warn all without 2FA' }).click();
    const dialog = page.getByRole('dialog', { name: 'Warn every member without 2FA?' });
    await hasText(dialog, 'Each of the 14 members');
    await dialog.getByRole('button', { name: 'Send the alerts' }).click();
    const progress = page.getByRole('dialog', { name: 'Warning members without 2FA' });
    await shows(progress.getByText('Done', { exact: false }));
    await hasText(progress.getByTestId('campaign-queued'), '14');
    await hasText(progress.getByTestId('campaign-skipped'), '0');
    await world.smtp.waitFor((mail) => mail.to.includes('bulkoff-7@example.test'));
    await win.checkScreen('warn-all-done');
    await progress.getByRole('button', { name: 'Back to the members' }).click();
  }, 30_000);

  it('refuses the switch to an administrator without 2FA, and says what to do', async () => {
    const nicks = await open('nick', nick.id);
    await nicks.page.goto(`/orgs/${org.id}/security`);
    await hasAttribute(nicks.page.getByRole('switch', { name: 'Require 2FA for all users' }), 'aria-disabled', 'true');
    await shows(nicks.page.getByText('turn it on for your own account first'));
    await shows(nicks.page.getByRole('link', { name: 'Set up two-step verification' }));
    await nicks.checkScreen('security-refused-no-2fa');
  }, 30_000);

  it('the legal representative requires 2FA and the audit log tells who did what', async () => {
    const { page } = win;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await page.getByRole('switch', { name: 'Require 2FA for all users' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Require 2FA' }).click();
    await hasAttribute(page.getByRole('switch', { name: 'Require 2FA for all users' }), 'aria-checked', 'true');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await shows(page.getByText('Lea Legal required two-step verification of all members'));
    await shows(page.getByText('Lea Legal changed the role of Tom Target to administrator'));
    await shows(page.getByText('Lea Legal reset the second factors of Tom Target'));
    await shows(page.getByText('Lea Legal removed Rita Remove'));
    await win.checkScreen('audit-log');
    await page.getByLabel('Events', { exact: true }).selectOption('Alerts');
    await shows(page.getByText('14 queued, 0 skipped'));
    await absent(page.getByText('Lea Legal removed Rita Remove'));
  }, 30_000);

  it('invites someone; the mailed link makes their account and opens the setup straight away', async () => {
    const { page } = win;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invitations' }).click();
    await shows(page.getByText('Nobody was invited yet', { exact: false }).or(page.getByText('No pending invitations')));
    await win.checkScreen('invitations-empty');
    await page.getByRole('button', { name: 'Invite someone' }).first().click();
    const invite = page.getByRole('dialog', { name: 'Invite someone to Globex Admin Corp' });
    await invite.getByLabel('E-mail address').fill('newcomer@example.test');
    await invite.getByLabel('Kind').selectOption('EXTERNAL');
    await win.checkScreen('invite-dialog');
    await invite.getByRole('button', { name: 'Send the invitation' }).click();
    await shows(page.getByText('The invitation is on its way to newcomer@example.test.'));
    await shows(page.getByRole('listitem').filter({ hasText: 'newcomer@example.test' }).getByText('Pending'));

    const mail = await world.smtp.waitFor((m) => m.to.includes('newcomer@example.test'));
    const link = /\/invitations\/accept\?token=[^\s"<>]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    const newcomer = await ConsoleWindow.open(browser, world.url, 'admin-newcomer');
    windows.push(newcomer);
    await newcomer.page.goto(link!);
    await shows(newcomer.page.getByRole('heading', { name: 'Join Globex Admin Corp' }));
    await newcomer.page.getByLabel('Your name').fill('Nora Newcomer');
    await newcomer.page.getByLabel('New password', { exact: true }).fill('a long enough passphrase');
    await newcomer.page.getByLabel('Repeat the new password').fill('a long enough passphrase');
    await newcomer.checkScreen('invitation-accept');
    await newcomer.page.getByRole('button', { name: 'Create my account and join' }).click();
    await shows(newcomer.page.getByRole('heading', { name: 'Set up two-step verification to continue' }));
    await shows(newcomer.page.getByRole('button', { name: 'Leave Globex Admin Corp' }));
    await newcomer.checkScreen('invitation-joined-setup');

    // The administrator's list gains the newcomer, live.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Search by name or e-mail').fill('nora');
    await shows(rowOf(page, 'Nora Newcomer').locator('[data-two-factor="disabled"]'));

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invitations' }).click();
    // The heading's button (the empty list offers one too).
    await page.getByRole('button', { name: 'Invite someone' }).first().click();
    await page.getByRole('dialog').getByLabel('E-mail address').fill('later@example.test');
    await page.getByRole('dialog').getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByRole('button', { name: 'Send the invitation to later@example.test again' }).click();
    await shows(page.getByText('A new link is on its way to later@example.test.'));
    await page.getByRole('button', { name: 'Revoke the invitation to later@example.test' }).click();
    await page.getByRole('dialog', { name: 'Revoke this invitation?' }).getByRole('button', { name: 'Revoke' }).click();
    await shows(page.getByText('The invitation to later@example.test is revoked.'));
    await page.getByLabel('Show').selectOption('');
    await shows(page.getByRole('listitem').filter({ hasText: 'later@example.test' }).getByText('Revoked'));
    await shows(page.getByRole('listitem').filter({ hasText: 'newcomer@example.test' }).getByText('Accepted'));
    await win.checkScreen('invitations');
  }, 60_000);

  it('creates an API token shown once, then revokes it', async () => {
    const { page } = win;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
    await shows(page.getByText('No API tokens yet'));
    await page.getByRole('button', { name: 'Create a token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    await dialog.getByLabel('Name').fill('HR sync');
    await dialog.getByRole('checkbox', { name: /audit:read/ }).check();
    await win.checkScreen('token-create');
    await dialog.getByRole('button', { name: 'Create the token' }).click();
    const shown = page.getByRole('dialog', { name: 'Copy the token now' });
    await hasText(shown.locator('.token-secret'), 'tsi_');
    await win.checkScreen('token-shown-once');
    await shown.getByRole('button', { name: 'I stored it, close' }).click();
    const item = page.getByRole('listitem').filter({ hasText: 'HR sync' });
    await shows(item.getByText('Active'));
    await hasText(item, 'members:read');
    await hasText(item, 'audit:read');
    await item.getByRole('button', { name: 'Revoke HR sync' }).click();
    await page.getByRole('dialog', { name: 'Revoke “HR sync”?' }).getByRole('button', { name: 'Revoke' }).click();
    await shows(item.locator('.badge', { hasText: 'Revoked' }));
    await win.checkScreen('tokens');
  }, 30_000);

  it('no window logged an error', () => {
    expect(windows.flatMap((opened) => opened.errors)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserMissing, ConsoleWindow, launchChromium } from '../support/browser.js';
import { shows } from '../support/browser-expect.js';
import { useTestServer } from '../support/use-test-server.js';
import { missingPart } from '../support/skip.js';

/**
 * The screens met before signing in, and the ones a mailed link opens: each checked by axe-core and
 * photographed, including their refusals (a used link, a wrong password, a page that does not exist).
 */
const skip = missingPart(browserMissing());

const world = useTestServer();
let browser: Browser;
let win: ConsoleWindow;

describe.skipIf(skip)('screens before sign-in', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    win = await ConsoleWindow.open(browser, world.url, 'public');
  });
  afterAll(async () => {
    await win?.close();
    await browser?.close();
  });

  it('sign-in, with a wrong password said in words', async () => {
    const user = await world.factory.user();
    const page = win.page;
    await page.goto('/sign-in');
    await shows(page.getByLabel('E-mail'));
    await win.checkScreen('sign-in');
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Continue' }).click();
    await shows(page.getByRole('alert'));
    await win.checkScreen('sign-in-wrong-password');
  });

  it('forgot password, then the mailed reset page', async () => {
    const user = await world.factory.user();
    const page = win.page;
    await page.goto('/forgot-password');
    await shows(page.getByLabel('E-mail'));
    await win.checkScreen('forgot-password');
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByRole('button', { name: /send|reset/i }).click();
    const mail = await world.smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()));
    await win.checkScreen('forgot-password-sent');
    const link = /(\/reset-password\?token=[^\s]+)/.exec(mail.text)![1]!;
    await page.goto(link);
    await shows(page.getByLabel(/new password/i).first());
    await win.checkScreen('reset-password');
  });

  it('a used or unknown link, and an unknown page while signed out', async () => {
    const page = win.page;
    await page.goto('/reset-password?token=tsr_unknown');
    await page
      .getByLabel(/new password/i)
      .first()
      .fill('a brand new long password');
    await page.getByLabel('Repeat the new password').fill('a brand new long password');
    await page.locator('form button[type="submit"]').click();
    await shows(page.locator('.notice').first());
    await win.checkScreen('reset-password-invalid');
    await page.goto('/confirm-email?token=tse_unknown');
    await page.waitForLoadState('networkidle');
    await win.checkScreen('confirm-email-invalid');
    await page.goto('/invitations/accept?token=tsv_unknown');
    await page.waitForLoadState('networkidle');
    await win.checkScreen('invitation-invalid');
    await page.goto('/no/such/page');
    await page.waitForLoadState('networkidle');
    await win.checkScreen('unknown-page-signed-out'); // signed out, any unknown page leads to sign-in
    expect(win.errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});

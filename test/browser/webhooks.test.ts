import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserMissing, ConsoleWindow, launchChromium } from '../support/browser.js';
import { absent, gone, hasAttribute, hasText, shows } from '../support/browser-expect.js';
import { type TestUser } from '../support/factory.js';
import { useTestServer } from '../support/use-test-server.js';
import { missingPart } from '../support/skip.js';
import { Receiver, verify, type Received } from '../webhooks/receiver.js';

/**
 * The Webhooks page, against a real receiver on loopback (allowed by the explicit setting) and
 * the server's own delivery workers: an administrator adds an endpoint and reads its secret once,
 * a test event arrives and verifies with that secret (the `standardwebhooks` package), a failing
 * receiver shows in the log until Twostep switches the endpoint off, then it is switched on again
 * and the delivery sent again; the secret rotated; a private address refused; the page closed to
 * a user. Retries wait on the server's clock, which the test moves: no sleeps.
 */
const skip = missingPart(browserMissing());

const world = useTestServer({ env: { WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_POLL_MS: '50' } });
const receiver = new Receiver();
let browser: Browser;
let org: { id: string; name: string };
let ada: TestUser;
let win: ConsoleWindow;
let secret = '';
const windows: ConsoleWindow[] = [];

async function open(prefix: string, userId: string): Promise<ConsoleWindow> {
  const opened = await ConsoleWindow.open(browser, world.url, `webhooks-${prefix}`);
  await opened.useSession(await world.factory.sessionToken(userId), world.url);
  windows.push(opened);
  return opened;
}

const endpointCard = (page: Page): Locator => page.getByRole('region', { name: receiver.url });
const deliveryRow = (card: Locator, eventId: string): Locator => card.locator(`tr[data-event-id="${eventId}"]`);

/** The next request the receiver gets, once it has come. */
async function nextReceived(before: number): Promise<Received> {
  return vi.waitFor(
    () => {
      const got = receiver.received[before];
      if (!got) throw new Error('not received yet');
      return got;
    },
    { timeout: 10_000, interval: 50 },
  );
}

/** The delivery of an event, once its attempt number `attempts` is recorded. */
async function recorded(eventId: string, attempts: number): Promise<{ state: string; next_attempt_at: Date | null }> {
  return vi.waitFor(
    async () => {
      const [row] = await world.factory.query(
        `select d.state, d.next_attempt_at, (select count(*) from webhook_attempt a where a.delivery_id = d.id) as logged
         from webhook_delivery d where d.event_id = ?`,
        [eventId],
      );
      expect(Number(row?.logged)).toBe(attempts);
      return row as { state: string; next_attempt_at: Date | null };
    },
    { timeout: 10_000, interval: 50 },
  );
}

describe.skipIf(skip)('the Webhooks page', () => {
  beforeAll(async () => {
    await receiver.start();
    browser = await launchChromium();
    org = await world.factory.organization('Initech Hooks');
    ada = await world.factory.user({ displayName: 'Ada Admin', twoFactor: true });
    await world.factory.member(org.id, ada.id, 'ADMINISTRATOR');
    win = await open('ada', ada.id);
    await win.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.url });
  });

  afterAll(async () => {
    for (const opened of windows) await opened.close();
    await browser?.close();
    await receiver.stop();
  });

  it('adds an endpoint for the receiver, refusing a private address first, and shows its secret once', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await shows(page.getByText('No webhook endpoints yet'));
    await page.getByRole('button', { name: 'Add an endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await dialog.getByLabel('URL').fill('http://10.0.0.1/hooks');
    await dialog.getByLabel('Description (optional)').fill('Ticketing');
    await dialog.getByRole('checkbox', { name: /member\.blocked/ }).check();
    await dialog.getByRole('checkbox', { name: /requirement\.changed/ }).check();
    await dialog.getByRole('checkbox', { name: /compliance\.complete/ }).check();
    await dialog.getByRole('button', { name: 'Add the endpoint' }).click();
    await shows(dialog.getByText('This address is not on the public internet'));
    await hasAttribute(dialog.getByLabel('URL'), 'aria-invalid', 'true');
    // Photographed from the window's top (the clicks scrolled it), and then from its bottom.
    await dialog.evaluate((element) => element.scrollTo(0, 0));
    await win.checkScreen('url-refused');
    await win.checkScreenNarrow('url-refused', () => dialog.evaluate((element) => element.scrollTo(0, 0)));

    await dialog.getByLabel('URL').fill(receiver.url);
    await absent(dialog.getByText('This address is not on the public internet'));
    await dialog.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await win.checkScreen('add-dialog');
    await win.checkScreenNarrow('add-dialog', () => dialog.evaluate((element) => element.scrollTo(0, element.scrollHeight)));
    await dialog.getByRole('button', { name: 'Add the endpoint' }).click();
    const shown = page.getByRole('dialog', { name: 'Copy the signing secret now' });
    await hasText(shown.getByLabel('The signing secret'), 'whsec_');
    secret = ((await shown.getByLabel('The signing secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await shown.getByRole('button', { name: 'Copy the secret' }).click();
    await shows(shown.getByRole('button', { name: 'Copied' }));
    // A string: the tests compile without the DOM's types.
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await win.checkScreen('secret-shown-once');
    await win.checkScreenNarrow('secret-shown-once');
    await shown.getByRole('button', { name: 'I stored it, close' }).click();
    await gone(shown);

    const card = endpointCard(page);
    await shows(card.getByText('Active', { exact: true }));
    await hasText(card, 'Ticketing');
    await hasText(card, '3 events');
    await hasText(card, 'member.blocked');
    await hasText(card, 'Added');
    // Once: nothing on the page shows it again.
    await absent(page.getByText(secret));
    await win.checkScreen('list');
    await win.checkScreenNarrow('list');
  }, 60_000);

  it('sends a test event that the receiver verifies with that secret, and logs it delivered with 200', async () => {
    const { page } = win;
    const card = endpointCard(page);
    const before = receiver.received.length;
    await card.getByRole('button', { name: 'Send a test event' }).click();
    await shows(card.getByText('A test event (webhook.test) is on its way'));
    const got = await nextReceived(before);
    expect(verify(secret, got, world.clock.now())).toMatchObject({ type: 'webhook.test', organizationId: org.id });
    const row = deliveryRow(card, got.headers['webhook-id']!);
    await hasText(row, 'Delivered');
    await hasText(row.locator('td').nth(4), '200');
    await hasText(row, 'webhook.test');
  }, 30_000);

  it('logs a failing receiver’s attempts and next try, switches the endpoint off after a day, and redelivers once it answers', async () => {
    const { page } = win;
    const card = endpointCard(page);
    // The server's clock a minute ahead of the browser's, so the next try reads as ahead whenever
    // the page's polling shows it.
    world.clock.set(new Date(Date.now() + 60_000));
    receiver.answers = Array.from({ length: 8 }, () => 500);
    const before = receiver.received.length;
    await card.getByRole('button', { name: 'Send a test event' }).click();
    const eventId = (await nextReceived(before)).headers['webhook-id']!;
    const row = deliveryRow(card, eventId);
    await hasText(row, 'Retrying');
    await hasText(row.locator('td').nth(4), '500');
    await hasText(row.locator('.delivery__next'), 'in ');
    // Waiting for its next try: it may be retried now (not "redelivered": it is not done).
    await absent(row.getByRole('button', { name: /Redeliver/ }));
    await shows(row.getByRole('button', { name: /^Retry now: the delivery from / }));
    await shows(card.getByText('Failing since', { exact: false }).first());
    await row.getByRole('button', { name: /webhook\.test/ }).click();
    const details = card.locator('.delivery-details');
    await hasText(details.locator('.attempts'), 'Answered with a status other than 2xx');
    await hasText(details.locator('.attempts'), '500');
    await hasText(details.getByLabel('The JSON sent for webhook.test'), `"id": "${eventId}"`);
    await win.checkScreen('delivery-log-expanded');
    await win.checkScreenNarrow('delivery-log-expanded');

    // Leave the page while the server's clock runs through the retries (a day and more: the web
    // session would end on the way), then come back with a fresh session.
    await page.goto('about:blank');
    const started = world.clock.now().getTime();
    let delivery = await recorded(eventId, 1);
    for (let attempt = 2; delivery.state === 'PENDING'; attempt++) {
      const due = new Date(delivery.next_attempt_at!).getTime();
      // The last try past the 24 hours of failures, whatever the retries' jitter.
      world.clock.set(new Date(attempt === 8 ? Math.max(due, started + 25 * 3_600_000) : due));
      delivery = await recorded(eventId, attempt);
    }
    expect(delivery.state).toBe('FAILED');
    expect(receiver.received.length - before).toBe(8);
    await world.smtp.waitFor((mail) => mail.to.includes(ada.email) && /switched off/i.test(mail.subject));

    await win.useSession(await world.factory.sessionToken(ada.id), world.url);
    await page.goto(`/orgs/${org.id}/webhooks`);
    await shows(card.getByText('Switched off after failures', { exact: true }));
    await shows(card.getByText('Switched off after 24 hours of failures'));
    await card.getByRole('button', { name: 'Delivery log' }).click();
    await hasText(row, 'Failed');
    await win.checkScreen('switched-off');

    receiver.answers = [];
    await card.getByRole('button', { name: 'Switch on again' }).click();
    await shows(card.getByText('Active', { exact: true }));
    await shows(card.getByText('The endpoint is on again'));
    const again = receiver.received.length;
    await row.getByRole('button', { name: /Redeliver/ }).click();
    const redelivered = await nextReceived(again);
    expect(redelivered.headers['webhook-id']).toBe(eventId);
    expect(verify(secret, redelivered, world.clock.now())).toMatchObject({ id: eventId, type: 'webhook.test' });
    await hasText(row, 'Delivered');
    await hasText(row.locator('td').nth(4), '200');
    await hasText(row.locator('td').nth(3), '9');
  }, 90_000);

  it('rotates the secret: the new one shown once, the previous one signing for 24 hours more', async () => {
    const { page } = win;
    const card = endpointCard(page);
    await card.getByRole('button', { name: 'Rotate the secret' }).click();
    await page.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate the secret' }).click();
    const shown = page.getByRole('dialog', { name: 'Copy the new signing secret now' });
    await hasText(shown.getByLabel('The signing secret'), 'whsec_');
    const fresh = ((await shown.getByLabel('The signing secret').textContent()) ?? '').trim();
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(secret);
    await shows(shown.getByText('The previous secret works until'));
    await win.checkScreen('secret-rotated');
    await win.checkScreenNarrow('secret-rotated');
    await shown.getByRole('button', { name: 'I stored it, close' }).click();
    await gone(shown);
    await shows(card.getByText('the previous secret also signs until', { exact: false }));
    await absent(page.getByText(fresh));

    const before = receiver.received.length;
    await card.getByRole('button', { name: 'Send a test event' }).click();
    const got = await nextReceived(before);
    expect(verify(fresh, got, world.clock.now())).toMatchObject({ type: 'webhook.test' });
    expect(verify(secret, got, world.clock.now())).toMatchObject({ type: 'webhook.test' });
    secret = fresh;
  }, 30_000);

  it('shows the endpoints read-only to an administrator without 2FA, and no Webhooks page to a user', async () => {
    const nick = await world.factory.user({ displayName: 'Nick Nofactor' });
    await world.factory.member(org.id, nick.id, 'ADMINISTRATOR');
    const nicks = await open('nick', nick.id);
    await nicks.page.goto(`/orgs/${org.id}/webhooks`);
    await shows(endpointCard(nicks.page));
    await shows(nicks.page.getByText('Managing webhooks needs two-step verification on your own account'));
    await absent(nicks.page.getByRole('button', { name: 'Add an endpoint' }));
    await absent(endpointCard(nicks.page).getByRole('button', { name: 'Send a test event' }));
    await nicks.checkScreen('read-only');

    const uma = await world.factory.user({ displayName: 'Uma User', twoFactor: true });
    await world.factory.member(org.id, uma.id, 'USER');
    const umas = await open('uma', uma.id);
    await umas.page.goto(`/orgs/${org.id}`);
    await shows(umas.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }));
    await absent(umas.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }));
    await umas.page.goto(`/orgs/${org.id}/webhooks`);
    await shows(umas.page.getByText('Only administrators see this page'));
    await absent(umas.page.getByText(receiver.url));
  }, 30_000);

  it('edits an endpoint, switches it off and on again, and deletes it', async () => {
    const { page } = win;
    const card = endpointCard(page);
    await card.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the endpoint' });
    await dialog.getByLabel('Description (optional)').fill('Ticketing (EU)');
    await dialog.getByRole('checkbox', { name: /member\.joined/ }).check();
    await dialog.getByRole('button', { name: 'Save the changes' }).click();
    await gone(dialog);
    await shows(card.getByText('The endpoint is saved.'));
    await hasText(card, 'Ticketing (EU)');
    await hasText(card, '4 events');

    await card.getByRole('button', { name: 'Switch off' }).click();
    await page.getByRole('dialog', { name: 'Switch off the endpoint?' }).getByRole('button', { name: 'Switch off' }).click();
    await shows(card.getByText('Switched off', { exact: true }));
    await absent(card.getByRole('button', { name: 'Send a test event' }));
    await card.getByRole('button', { name: 'Switch on', exact: true }).click();
    await shows(card.getByText('Active', { exact: true }));

    await card.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete the endpoint?' }).getByRole('button', { name: 'Delete the endpoint' }).click();
    await absent(card);
    await shows(page.getByText(`The endpoint ${receiver.url} is deleted, with its delivery log.`));
    await shows(page.getByText('No webhook endpoints yet'));
    await win.checkScreen('deleted');
  }, 30_000);

  it('no window logged an error', () => {
    expect(windows.flatMap((opened) => opened.errors)).toEqual([]);
  });
});

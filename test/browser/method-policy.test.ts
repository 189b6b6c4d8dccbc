import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserMissing, ConsoleWindow, launchChromium } from '../support/browser.js';
import { absent, gone, hasAttribute, hasText, shows } from '../support/browser-expect.js';
import { type TestUser } from '../support/factory.js';
import type { GraphQLClient } from '../support/graphql-client.js';
import { missingPart } from '../support/skip.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * An organization's accepted methods in the console (issue 15), each screen checked by axe-core
 * and photographed: an administrator without a key of their own is not offered "only keys" and is
 * shown where to add one; a legal representative with a key sees who requiring keys would newly
 * block (the members whose only method is an authenticator app), by name, and confirms; the member
 * list and details name each member's kinds of method and say when an app alone does not count;
 * the app-only member is stopped on the web at once, the block screen asks for a security key or
 * passkey, and they add one there with the browser's (virtual) authenticator and reach the console;
 * accepting any method again says that the legal representatives are told, and they are; a change
 * made elsewhere reaches the open settings live.
 */
const skip = missingPart(browserMissing());

const START_REGISTRATION = `mutation { startSecurityKeyRegistration { options } }`;
const FINISH_REGISTRATION = `mutation($input: FinishSecurityKeyRegistrationInput!) {
  finishSecurityKeyRegistration(input: $input) { key { id } } }`;
const SET_METHODS = `mutation($input: SetAllowedMethodsInput!) { setAllowedMethods(input: $input) { allowedMethods } }`;
const POLICY = `query($id: ID!) { organization(id: $id) { securityPolicy { allowedMethods } } }`;
const MEMBER = `query($id: ID!, $userId: ID!) { organization(id: $id) { member(userId: $userId) { compliance methodKinds } } }`;

// Security keys need a relying party by name: the console is served at http://localhost:<port>.
const world = useTestServer({ localhost: true });
let browser: Browser;
let org: { id: string; name: string };
let lea: TestUser;
let bea: TestUser;
let tom: TestUser;
let leaApi: GraphQLClient;
let win: ConsoleWindow;
let tomWin: ConsoleWindow;
const windows: ConsoleWindow[] = [];

const ONLY_KEYS = 'Only security keys and passkeys (phishing-resistant)';
const ANY = 'Any method (authenticator app, security key or passkey)';

const section = (page: Page): Locator => page.getByRole('region', { name: 'Accepted methods' });
const rowOf = (page: Page, name: string): Locator => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
/** A row as drawn, also while the details drawer hides the list from assistive technology. */
const drawnRow = (page: Page, name: string): Locator => page.locator('tbody tr').filter({ hasText: name });

/** A security key added over the API, as the console's My account would, by a software authenticator. */
async function addKey(user: TestUser, name: string): Promise<void> {
  const client = await world.factory.client(user);
  const device = new SoftAuthenticator({ origin: world.app.config.webAuthn.origins[0]!, rpId: world.app.config.webAuthn.rpId! });
  const { startSecurityKeyRegistration } = await client.ok(START_REGISTRATION);
  await client.ok(FINISH_REGISTRATION, { input: { name, response: device.register(startSecurityKeyRegistration.options) } });
}

async function open(prefix: string, userId: string): Promise<ConsoleWindow> {
  const url = world.app.config.publicUrl;
  const opened = await ConsoleWindow.open(browser, url, `method-policy-${prefix}`);
  await opened.useSession(await world.factory.sessionToken(userId), url);
  windows.push(opened);
  return opened;
}

async function openMember(page: Page, name: string): Promise<Locator> {
  await page.goto(`/orgs/${org.id}/members?q=${encodeURIComponent(name)}`);
  await rowOf(page, name).getByRole('link').click();
  return page.getByRole('dialog', { name });
}

describe.skipIf(skip)('an organization’s accepted methods, in the console', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    org = await world.factory.organization('Umbrella Keys', { twoFactorRequired: true });
    lea = await world.factory.user({ displayName: 'Lea Legal', twoFactor: true });
    bea = await world.factory.user({ displayName: 'Bea Admin', twoFactor: true });
    tom = await world.factory.user({ displayName: 'Tom Totp', twoFactor: true });
    const kim = await world.factory.user({ displayName: 'Kim Key' });
    const nora = await world.factory.user({ displayName: 'Nora Nofactor' });
    await world.factory.member(org.id, lea.id, 'LEGAL_REPRESENTATIVE');
    await world.factory.member(org.id, bea.id, 'ADMINISTRATOR');
    await world.factory.member(org.id, tom.id, 'USER');
    await world.factory.member(org.id, kim.id, 'USER');
    await world.factory.member(org.id, nora.id, 'USER');
    // Before any window opens: a first method ends the account's other web sessions.
    await addKey(lea, 'Lea’s key');
    await addKey(kim, 'Kim’s key');
    leaApi = await world.factory.client(lea);
    win = await open('lea', lea.id);
  });

  afterAll(async () => {
    for (const opened of windows) await opened.close();
    await browser?.close();
  });

  it('an administrator without a key of their own is not offered “only keys”, and is shown where to add one', async () => {
    const beas = await open('bea', bea.id);
    const { page } = beas;
    await page.goto(`/orgs/${org.id}/security`);
    const part = section(page);
    await expect.poll(() => part.getByRole('radio', { name: ANY }).isChecked(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => part.getByRole('radio', { name: ONLY_KEYS }).isDisabled(), { timeout: 10_000 }).toBe(true);
    await shows(part.getByText('To require keys of others, add a security key or passkey to your own account first.'));
    await hasAttribute(part.getByRole('link', { name: 'Add one in My account' }), 'href', '/account');
    await beas.checkScreen('section-without-key');
  }, 30_000);

  it('requiring keys shows who would be newly blocked, by name, and takes a confirmation', async () => {
    const { page } = win;
    // The member's window is open on the console meanwhile: the change reaches it live.
    tomWin = await open('tom', tom.id);
    await tomWin.page.goto('/');
    await shows(tomWin.page.getByRole('heading', { level: 1, name: 'Umbrella Keys' }));

    await page.goto(`/orgs/${org.id}/security`);
    const part = section(page);
    await shows(part.getByText('A code from an authenticator app can be phished'));
    await expect.poll(() => part.getByRole('radio', { name: ANY }).isChecked(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => part.getByRole('radio', { name: ONLY_KEYS }).isDisabled()).toBe(false);
    await absent(part.getByText('To require keys of others'));
    await win.checkScreen('section');

    // Cancelled: nothing changes.
    await part.getByText(ONLY_KEYS).click();
    const confirm = page.getByRole('dialog', { name: 'Accept only security keys and passkeys in Umbrella Keys?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await gone(confirm);
    expect(await part.getByRole('radio', { name: ANY }).isChecked()).toBe(true);
    expect((await leaApi.ok(POLICY, { id: org.id })).organization.securityPolicy.allowedMethods).toBe('ANY');

    await part.getByText(ONLY_KEYS).click();
    const consequences = confirm.getByTestId('methods-consequences');
    await hasText(consequences.getByTestId('lockout-total'), '2 of 5 members would be newly blocked now.');
    await hasText(consequences.getByTestId('lockout-counts'), 'By role1 administrator, 1 user');
    await expect
      .poll(() => confirm.getByRole('list', { name: 'Who would be blocked' }).locator('.list__title').allTextContents(), {
        timeout: 10_000,
      })
      .toEqual(['Bea Admin', 'Tom Totp']);
    // Who has a key, and who has no method at all (blocked already), are not newly blocked.
    await absent(confirm.getByText('Kim Key'));
    await absent(confirm.getByText('Nora Nofactor'));
    await shows(consequences.getByText('They keep their authenticator app, but it no longer counts in Umbrella Keys.'));
    await win.checkScreen('confirm');
    await page.setViewportSize({ width: 390, height: 844 });
    await win.checkScreen('confirm-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });

    await confirm.getByRole('button', { name: 'Accept only keys' }).click();
    await gone(confirm);
    await expect.poll(() => part.getByRole('radio', { name: ONLY_KEYS }).isChecked(), { timeout: 10_000 }).toBe(true);
    expect((await leaApi.ok(POLICY, { id: org.id })).organization.securityPolicy.allowedMethods).toBe('PHISHING_RESISTANT');
    await shows(page.getByRole('list', { name: 'Changes of the requirement' }).getByText('Only security keys and passkeys accepted'));
    await win.checkScreen('section-keys-only');
  }, 60_000);

  it('the member list and details name each member’s methods, and say when an app alone does not count', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}/members`);
    await hasText(drawnRow(page, 'Tom Totp').locator('.security-cell__methods'), 'App');
    await hasText(drawnRow(page, 'Tom Totp').locator('[data-compliance]'), 'Not compliant');
    await hasText(drawnRow(page, 'Kim Key').locator('.security-cell__methods'), 'Key');
    await hasText(drawnRow(page, 'Kim Key').locator('[data-compliance]'), 'Compliant');
    await hasText(drawnRow(page, 'Lea Legal').locator('.security-cell__methods'), 'App · Key');
    await absent(drawnRow(page, 'Nora Nofactor').locator('.security-cell__methods'));
    // Only keys count: Tom's app is marked as not counting, Lea's (beside her key) is not.
    await hasAttribute(drawnRow(page, 'Tom Totp').locator('.security-cell__methods'), 'title', 'Authenticator app (does not count here)');
    await hasAttribute(drawnRow(page, 'Lea Legal').locator('.security-cell__methods'), 'title', 'Authenticator app, Security key');
    await win.checkScreen('members');
    await page.setViewportSize({ width: 390, height: 844 });
    await shows(drawnRow(page, 'Tom Totp').locator('.security-cell__methods'));
    await win.checkScreen('members-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });

    // The counts leave out who has only an app; their link lists exactly those counted.
    const counts = page.locator('p.counts');
    await hasText(counts, '2 with 2FA');
    await counts.getByRole('button', { name: '3 without 2FA' }).click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('compliance=NON_COMPLIANT');
    await hasText(page.getByRole('navigation', { name: 'Pages of members' }), '1–3 of 3 matching');
    await absent(drawnRow(page, 'Kim Key'));

    const details = await openMember(page, 'Tom Totp');
    await hasText(details.getByTestId('member-methods'), 'Authenticator app');
    await shows(
      details.getByText('Their authenticator app does not count in Umbrella Keys, which accepts only security keys and passkeys.'),
    );
    await hasText(details.locator('[data-compliance]'), 'Not compliant');
    // They may be alerted, or exempted while they get a key.
    await shows(details.getByRole('button', { name: 'Send alert' }));
    await shows(details.getByRole('button', { name: 'Exempt from the requirement' }));
    expect((await leaApi.ok(MEMBER, { id: org.id, userId: tom.id })).organization.member).toEqual({
      compliance: 'NON_COMPLIANT',
      methodKinds: ['TOTP'],
    });
    await win.checkScreen('member-app-only');
    await page.keyboard.press('Escape');
    await gone(details);

    const leas = await openMember(page, 'Lea Legal');
    await hasText(leas.getByTestId('member-methods'), 'Authenticator app, Security key');
    await absent(leas.getByText('does not count'));
    await absent(leas.getByRole('button', { name: 'Send alert' }));
    await page.keyboard.press('Escape');
  }, 60_000);

  it('the member with only an app is stopped; the block screen asks for a key, and they add one there', async () => {
    const { page, context } = tomWin;
    // Live, without a click: the change reached their open console.
    await shows(page.getByRole('heading', { level: 1, name: 'Set up two-step verification to continue' }));
    await shows(page.getByRole('heading', { name: 'Umbrella Keys requires a security key or passkey' }));
    // Their app does not count here: only a key is offered.
    await absent(page.getByRole('button', { name: 'Use an authenticator app' }));
    await tomWin.checkScreen('blocked');

    // The browser's own authenticator (Chromium's virtual one), as a person's key would answer.
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: false, hasUserVerification: true, isUserVerified: true },
    });
    await page.getByLabel('Key name').fill('Tom’s key');
    await page.getByRole('button', { name: 'Add the key' }).click();
    await shows(page.getByRole('heading', { level: 1, name: 'Umbrella Keys' }));
    await absent(page.getByRole('heading', { name: 'Set up two-step verification to continue' }));
    expect((await leaApi.ok(MEMBER, { id: org.id, userId: tom.id })).organization.member).toEqual({
      compliance: 'COMPLIANT',
      methodKinds: ['TOTP', 'SECURITY_KEY'],
    });
    await tomWin.checkScreen('unblocked');
  }, 60_000);

  it('accepting any method again says who is told, and tells the legal representatives', async () => {
    const { page } = win;
    await page.goto(`/orgs/${org.id}/security`);
    const part = section(page);
    await expect.poll(() => part.getByRole('radio', { name: ONLY_KEYS }).isChecked(), { timeout: 10_000 }).toBe(true);
    await part.getByText(ANY).click();
    const confirm = page.getByRole('dialog', { name: 'Accept any method again?' });
    await shows(confirm.getByText('The legal representatives of Umbrella Keys are told by e-mail.', { exact: false }));
    await win.checkScreen('confirm-any');
    await confirm.getByRole('button', { name: 'Accept any method' }).click();
    await gone(confirm);
    await expect.poll(() => part.getByRole('radio', { name: ANY }).isChecked(), { timeout: 10_000 }).toBe(true);
    expect((await leaApi.ok(POLICY, { id: org.id })).organization.securityPolicy.allowedMethods).toBe('ANY');
    await shows(page.getByRole('list', { name: 'Changes of the requirement' }).getByText('Any method accepted again'));
    await world.smtp.waitFor((mail) => mail.to.includes(lea.email) && /Any second factor counts again/.test(mail.text));

    // A change made elsewhere (here over the API) reaches the open page live.
    await expect.poll(() => world.app.services.live.streamsOf(lea.id), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await leaApi.ok(SET_METHODS, { input: { organizationId: org.id, allowedMethods: 'PHISHING_RESISTANT', confirm: true } });
    await expect.poll(() => part.getByRole('radio', { name: ONLY_KEYS }).isChecked(), { timeout: 10_000 }).toBe(true);
    await shows(
      page.getByRole('list', { name: 'Changes of the requirement' }).getByText('Only security keys and passkeys accepted').nth(1),
    );
  }, 30_000);

  it('no window logged an error', () => {
    expect(windows.flatMap((opened) => opened.errors)).toEqual([]);
  });
});

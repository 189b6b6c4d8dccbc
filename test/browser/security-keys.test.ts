import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { browserMissing, ConsoleWindow, launchChromium } from '../support/browser.js';
import { absent, gone, hasText, shows } from '../support/browser-expect.js';
import { type TestUser } from '../support/factory.js';
import { missingPart } from '../support/skip.js';
import { totpAt } from '../support/totp.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Security keys and passkeys in the console (issue 15), with Chromium's virtual authenticators
 * (the DevTools protocol's WebAuthn domain) at `http://localhost:<port>`, the relying party the
 * server names: a blocked member adds a security key from the block screen (recovery codes shown)
 * and reaches the console; signs in with the key (a refused answer said in words first), then
 * with a recovery code; adds an authenticator app from My account and signs in with its code;
 * adds a passkey (resident key, user verification) listed as "Passkey"; renames the key and
 * removes it with the password; signs in with the passkey; removes the app with its code. Where
 * an organization accepts only keys, the block screen asks a member with an app for a key, and
 * offers nothing else. Each screen is checked by axe-core and photographed, the main ones at a
 * phone's width (390 px) too.
 */
const skip = missingPart(browserMissing());

const world = useTestServer({ localhost: true });
let browser: Browser;
let win: ConsoleWindow;
let cdp: CDPSession;
let org: { id: string; name: string };
let kim: TestUser;
let recoveryCodes: string[] = [];
let totpSecret = '';

/** A virtual authenticator: a USB security key by default, or a platform passkey (`internal`). */
async function addAuthenticator(kind: 'security-key' | 'passkey'): Promise<string> {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: kind === 'passkey' ? 'internal' : 'usb',
      hasResidentKey: kind === 'passkey',
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

const credentialsOf = async (authenticatorId: string): Promise<{ isResidentCredential: boolean }[]> =>
  (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;

const keysOf = (userId: string): Promise<Record<string, any>[]> =>
  world.factory.query(`select name, kind, last_used_at from webauthn_credential where user_id = ? order by created_at`, [userId]);

const consoleHome = (page: Page) => page.getByRole('heading', { level: 1, name: org.name });

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await shows(page.getByRole('heading', { level: 1, name: 'Sign in', exact: true }));
}

async function enterPassword(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'E-mail address' }).fill(kim.email);
  await page.getByLabel('Password', { exact: true }).fill(kim.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await shows(page.getByRole('heading', { name: 'Two-step verification', exact: true }));
}

describe.skipIf(skip)('security keys and passkeys in the console', () => {
  let securityKey: string;

  beforeAll(async () => {
    browser = await launchChromium();
    org = await world.factory.organization('Keys Corp', { twoFactorRequired: true });
    kim = await world.factory.user({ displayName: 'Kim Keys' });
    await world.factory.member(org.id, kim.id, 'USER');
    const url = world.app.config.publicUrl;
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    win = await ConsoleWindow.open(browser, url, 'security-keys');
    await win.useSession(await world.factory.sessionToken(kim.id), url);
    cdp = await win.context.newCDPSession(win.page);
    await cdp.send('WebAuthn.enable');
    securityKey = await addAuthenticator('security-key');
  });

  afterAll(async () => {
    await win?.close();
    await browser?.close();
  });

  it('a blocked member adds a security key from the block screen, saves the recovery codes and reaches the console', async () => {
    const { page } = win;
    await page.goto('/');
    await shows(page.getByRole('heading', { name: 'Set up two-step verification to continue' }));
    await shows(page.getByRole('button', { name: 'Use a security key or passkey' }));
    await shows(page.getByRole('button', { name: 'Use an authenticator app' }));
    await win.checkScreen('block-choices');
    await win.checkScreenNarrow('block-choices');

    await page.getByRole('button', { name: 'Use a security key or passkey' }).click();
    await page.getByRole('button', { name: 'Add the key' }).click();
    await shows(page.getByText('Name the key with 1 to 60 characters'));
    await page.getByLabel('Key name').fill('Blue YubiKey');
    await win.checkScreen('block-key-name');
    await page.getByRole('button', { name: 'Add the key' }).click();

    await shows(page.getByRole('heading', { name: 'Save your recovery codes' }));
    recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).locator('code').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await shows(page.getByText('Security key “Blue YubiKey” is added.'));
    await absent(page.getByRole('button', { name: 'Use an authenticator app' }));
    await win.checkScreen('block-key-codes');
    await page.getByRole('button', { name: 'I saved them, continue' }).click();
    await shows(consoleHome(page));

    expect(await credentialsOf(securityKey)).toHaveLength(1);
    expect(await keysOf(kim.id)).toMatchObject([{ name: 'Blue YubiKey', kind: 'SECURITY_KEY', last_used_at: null }]);
    expect(win.errors).toEqual([]);
  }, 60_000);

  it('signs in with the key (a refused answer said in words), and with a recovery code', async () => {
    const { page } = win;
    await signOut(page);
    await enterPassword(page);
    const useKey = page.getByRole('button', { name: 'Use your security key or passkey' });
    await shows(useKey);
    // A key-only account: the other way is a recovery code.
    await shows(page.getByLabel('Recovery code'));
    await absent(page.getByLabel('Code from your authenticator app'));
    await win.checkScreen('sign-in-key');
    await win.checkScreenNarrow('sign-in-key');

    // The key signs something else: the server refuses the answer, and the screen says so.
    await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId: securityKey, isBogusSignature: true });
    await useKey.click();
    await shows(page.getByText('Your security key’s answer was not accepted.'));
    await win.checkScreen('sign-in-key-refused');
    await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId: securityKey, isBogusSignature: false });
    await useKey.click();
    await shows(consoleHome(page));
    expect((await keysOf(kim.id))[0]!.last_used_at).not.toBeNull();

    await signOut(page);
    await enterPassword(page);
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await shows(consoleHome(page));
  }, 60_000);

  it('adds an authenticator app from My account, and signs in with its code', async () => {
    const { page } = win;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' }).click();
    const keys = page.getByRole('region', { name: 'Security keys and passkeys' });
    await shows(keys.getByText('Blue YubiKey'));
    await shows(page.getByText('No authenticator app'));
    await page.getByRole('button', { name: 'Add an authenticator app' }).click();
    await page.getByRole('button', { name: 'I have an app, continue' }).click();
    const key = await page.locator('.secret-key').getAttribute('aria-label');
    totpSecret = key!.replace(/^Key: /, '').replace(/\s+/g, '');
    await page.getByLabel('Code from the app').fill(totpAt(totpSecret, world.clock.now()));
    // The account has a key already: adding the app asks for a fresh proof.
    await page.getByLabel('Your password').fill(kim.password);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await shows(page.getByRole('heading', { name: 'Save your recovery codes' }));
    await page.getByRole('button', { name: 'I saved them, done' }).click();
    await shows(page.getByText('Authenticator app, added'));

    await signOut(page);
    await enterPassword(page);
    await shows(page.getByRole('button', { name: 'Use your security key or passkey' }));
    // The confirming code's time step is used up: the next one signs in.
    world.clock.advance(30_000);
    await page.getByLabel('Code from your authenticator app').fill(totpAt(totpSecret, world.clock.now()));
    await win.checkScreen('sign-in-key-or-app');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await shows(consoleHome(page));
  }, 60_000);

  it('adds a passkey, listed as "Passkey"; renames the key and removes it with the password; signs in with the passkey', async () => {
    const { page } = win;
    // The USB key leaves; the device's own passkey authenticator takes its place.
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: securityKey });
    const passkey = await addAuthenticator('passkey');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' }).click();
    const keys = page.getByRole('region', { name: 'Security keys and passkeys' });
    await keys.getByRole('button', { name: 'Add a security key or passkey' }).click();
    // The password was entered more than ten minutes ago: adding a key asks for it first.
    world.clock.advance(11 * 60_000);
    await page.getByLabel('Key name').fill('This laptop');
    await page.getByRole('button', { name: 'Add the key' }).click();
    await page.getByLabel('Your password').fill(kim.password);
    await win.checkScreen('account-add-key-password');
    await page.getByRole('button', { name: 'Add the key' }).click();
    await shows(page.getByText('Passkey “This laptop” is added.'));
    const list = page.getByRole('list', { name: 'Your security keys and passkeys' });
    const laptop = list.getByRole('listitem').filter({ hasText: 'This laptop' });
    await hasText(laptop, 'Passkey');
    await hasText(laptop, 'Never used');
    await hasText(list.getByRole('listitem').filter({ hasText: 'Blue YubiKey' }), 'Security key');
    expect(await credentialsOf(passkey)).toMatchObject([{ isResidentCredential: true }]);
    expect((await keysOf(kim.id)).map((k) => [k.name, k.kind])).toEqual([
      ['Blue YubiKey', 'SECURITY_KEY'],
      ['This laptop', 'PASSKEY'],
    ]);
    await win.checkScreen('account-keys');
    await win.checkScreenNarrow('account-keys');

    await page.getByRole('button', { name: 'Rename Blue YubiKey' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename “Blue YubiKey”' });
    await rename.getByLabel('Key name').fill('Desk YubiKey');
    await win.checkScreen('rename-key');
    await win.checkScreenNarrow('rename-key');
    await rename.getByRole('button', { name: 'Save the name' }).click();
    await gone(rename);
    await shows(list.getByText('Desk YubiKey'));
    expect((await keysOf(kim.id))[0]!.name).toBe('Desk YubiKey');

    await page.getByRole('button', { name: 'Remove Desk YubiKey' }).click();
    const remove = page.getByRole('dialog', { name: 'Remove the security key “Desk YubiKey”?' });
    await remove.getByLabel('Your password').fill('not the password');
    await remove.getByRole('button', { name: 'Remove it' }).click();
    await shows(remove.getByText('That password is not right.'));
    await remove.getByLabel('Your password').fill(kim.password);
    await win.checkScreen('remove-key');
    await win.checkScreenNarrow('remove-key');
    await remove.getByRole('button', { name: 'Remove it' }).click();
    await gone(remove);
    await absent(list.getByText('Desk YubiKey'));
    expect((await keysOf(kim.id)).map((k) => k.name)).toEqual(['This laptop']);
    await win.checkScreen('account-after-removal');

    await signOut(page);
    await enterPassword(page);
    await page.getByRole('button', { name: 'Use your security key or passkey' }).click();
    await shows(consoleHome(page));
    expect((await keysOf(kim.id))[0]!.last_used_at).not.toBeNull();
    expect(win.errors).toEqual([]);
  }, 60_000);

  it('removes the authenticator app with a code from it; the passkey still signs in', async () => {
    const { page } = win;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    const remove = page.getByRole('dialog', { name: 'Remove the authenticator app?' });
    await remove.getByRole('radio', { name: 'Authenticator code' }).check();
    await remove.getByLabel('Code from your authenticator app').fill(totpAt(totpSecret, world.clock.now()));
    await win.checkScreen('remove-app');
    await win.checkScreenNarrow('remove-app');
    await remove.getByRole('button', { name: 'Remove the app' }).click();
    await gone(remove);
    await shows(page.getByText('The authenticator app is removed. Your security keys and passkeys still sign you in.'));
    await shows(page.getByText('No authenticator app'));
    expect(await world.factory.query(`select 1 from totp_method where user_id = ?`, [kim.id])).toEqual([]);

    await signOut(page);
    await enterPassword(page);
    await absent(page.getByLabel('Code from your authenticator app'));
    await page.getByRole('button', { name: 'Use your security key or passkey' }).click();
    await shows(consoleHome(page));
    expect(win.errors).toEqual([]);
  }, 30_000);

  it('where only keys count, a member with an authenticator app is asked for a key, and offered nothing else', async () => {
    const strict = await world.factory.organization('Strict Keys Corp', { twoFactorRequired: true });
    // The policy as `setAllowedMethods` leaves it (that mutation needs a legal representative with a key of their own).
    await world.factory.query(`update organization set allowed_methods = 'PHISHING_RESISTANT' where id = ?`, [strict.id]);
    const pat = await world.factory.user({ displayName: 'Pat App', twoFactor: true });
    await world.factory.member(strict.id, pat.id, 'USER');
    const url = world.app.config.publicUrl;
    const patWin = await ConsoleWindow.open(browser, url, 'security-keys-strict');
    try {
      await patWin.useSession(await world.factory.sessionToken(pat.id), url);
      const patCdp = await patWin.context.newCDPSession(patWin.page);
      await patCdp.send('WebAuthn.enable');
      await patCdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: false, hasUserVerification: true, isUserVerified: true },
      });

      const { page } = patWin;
      await page.goto('/');
      await shows(page.getByRole('heading', { name: 'Strict Keys Corp requires a security key or passkey' }));
      await shows(page.getByText('Your authenticator app still works for signing in, but it does not count there.'));
      await shows(page.getByLabel('Key name'));
      await absent(page.getByRole('button', { name: 'Use an authenticator app' }));
      await absent(page.getByRole('button', { name: 'I have an app, continue' }));
      await patWin.checkScreen('block-keys-only');
      await patWin.checkScreenNarrow('block-keys-only');

      await page.getByLabel('Key name').fill('Pat’s key');
      await page.getByRole('button', { name: 'Add the key' }).click();
      // The app had turned 2FA on already: no new recovery codes, straight into the console.
      await shows(page.getByRole('heading', { level: 1, name: strict.name }));
      expect((await keysOf(pat.id)).map((k) => k.kind)).toEqual(['SECURITY_KEY']);
      expect(patWin.errors).toEqual([]);
    } finally {
      await patWin.close();
    }
  }, 60_000);
});

import { expect } from 'vitest';
import type { Locator } from 'playwright-core';

/**
 * What a person checks on a screen, as waits that retry until true (or fail after the locator's
 * timeout): Vitest has no browser matchers, and playwright-core ships none.
 */
const patience = { timeout: 10_000, interval: 50 };

export const shows = (locator: Locator): Promise<void> => locator.waitFor({ state: 'visible' });
export const attached = (locator: Locator): Promise<void> => locator.waitFor({ state: 'attached' });
export const gone = (locator: Locator): Promise<void> => locator.waitFor({ state: 'hidden' });
export const absent = (locator: Locator): Promise<void> => expect.poll(() => locator.count(), patience).toBe(0);
export const hasAttribute = (locator: Locator, name: string, value: string): Promise<void> =>
  expect.poll(() => locator.getAttribute(name), patience).toBe(value);
export const hasText = (locator: Locator, text: string): Promise<void> =>
  expect.poll(() => locator.textContent(), patience).toContain(text);
export const disabled = (locator: Locator): Promise<void> => expect.poll(() => locator.isDisabled(), patience).toBe(true);

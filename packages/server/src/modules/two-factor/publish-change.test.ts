import type { EntityManager } from '@mikro-orm/postgresql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { TwoFactorService } from './two-factor.service.js';

type Deps = ConstructorParameters<typeof TwoFactorService>[0];

const em = { fork: () => ({}) } as unknown as EntityManager;

describe('TwoFactorService.publishChange', () => {
  const escaped: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void escaped.push(reason);
  let log: { error: ReturnType<typeof vi.fn> };
  let events: { publish: ReturnType<typeof vi.fn> };

  /** publishChange asks the organizations module for the member's organizations (one statement, on a fork): here its answer. */
  function serviceAnswering(ids: () => Promise<string[]>): TwoFactorService {
    return new TwoFactorService({ clock: systemClock, events, log, organizationsOf: { ids } } as unknown as Deps);
  }

  beforeEach(() => {
    escaped.length = 0;
    process.on('unhandledRejection', onUnhandled);
    log = { error: vi.fn() };
    events = { publish: vi.fn() };
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('logs a failed statement instead of leaving a rejection nobody handles', async () => {
    const lost = new Error('Connection terminated unexpectedly');
    serviceAnswering(() => Promise.reject(lost)).publishChange(em, 'user-1', 'TWO_FACTOR_DISABLED');
    await vi.waitFor(() =>
      expect(log.error).toHaveBeenCalledWith({ err: lost, userId: 'user-1', change: 'TWO_FACTOR_DISABLED' }, expect.any(String)),
    );
    // Node reports an unhandled rejection once the microtasks have run; one more turn of the loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(escaped).toEqual([]);
    expect(events.publish).not.toHaveBeenCalled();
  });

  it('publishes the change to the member’s organizations and to the member', async () => {
    serviceAnswering(() => Promise.resolve(['org-1', 'org-2'])).publishChange(em, 'user-1', 'TWO_FACTOR_ENABLED');
    await vi.waitFor(() => expect(events.publish).toHaveBeenCalledTimes(2));
    expect(events.publish).toHaveBeenCalledWith({
      type: 'memberSecurityChanged',
      organizationIds: ['org-1', 'org-2'],
      userId: 'user-1',
      change: 'TWO_FACTOR_ENABLED',
    });
    expect(events.publish).toHaveBeenCalledWith({ type: 'accessChanged', userIds: ['user-1'] });
    expect(log.error).not.toHaveBeenCalled();
  });
});

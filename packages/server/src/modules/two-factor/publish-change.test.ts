import type { EntityManager } from '@mikro-orm/postgresql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { TwoFactorService } from './two-factor.service.js';

type Deps = ConstructorParameters<typeof TwoFactorService>[0];

/** An entity manager whose every statement answers `execute` (publishChange runs one, on a fork). */
function entityManager(execute: () => Promise<unknown[]>): EntityManager {
  const fork = { getConnection: () => ({ execute }), getTransactionContext: () => undefined };
  return { fork: () => fork } as unknown as EntityManager;
}

describe('TwoFactorService.publishChange', () => {
  const escaped: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void escaped.push(reason);
  let log: { error: ReturnType<typeof vi.fn> };
  let events: { publish: ReturnType<typeof vi.fn> };
  let service: TwoFactorService;

  beforeEach(() => {
    escaped.length = 0;
    process.on('unhandledRejection', onUnhandled);
    log = { error: vi.fn() };
    events = { publish: vi.fn() };
    // Only the clock, the events and the log are reached by publishChange.
    service = new TwoFactorService({ clock: systemClock, events, log } as unknown as Deps);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('logs a failed statement instead of leaving a rejection nobody handles', async () => {
    const lost = new Error('Connection terminated unexpectedly');
    service.publishChange(
      entityManager(() => Promise.reject(lost)),
      'user-1',
      'TWO_FACTOR_DISABLED',
    );
    await vi.waitFor(() =>
      expect(log.error).toHaveBeenCalledWith({ err: lost, userId: 'user-1', change: 'TWO_FACTOR_DISABLED' }, expect.any(String)),
    );
    // Node reports an unhandled rejection once the microtasks have run; one more turn of the loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(escaped).toEqual([]);
    expect(events.publish).not.toHaveBeenCalled();
  });

  it('publishes the change to the member’s organizations and to the member', async () => {
    service.publishChange(
      entityManager(() => Promise.resolve([{ organization_id: 'org-1' }, { organization_id: 'org-2' }])),
      'user-1',
      'TWO_FACTOR_ENABLED',
    );
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

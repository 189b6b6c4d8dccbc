import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from './summary-coalescer.js';

describe('Coalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('emits the first request at once, then at most once per interval however many requests arrive', () => {
    const emitted: number[] = [];
    const coalescer = new Coalescer(
      1_000,
      () => emitted.push(Date.now()),
      () => Date.now(),
    );
    const start = Date.now();
    coalescer.request();
    vi.advanceTimersByTime(0);
    expect(emitted).toEqual([start]);
    // 50,000 requests over 3.5 seconds.
    for (let i = 0; i < 50_000; i += 1) {
      coalescer.request();
      if (i % 14_286 === 0) vi.advanceTimersByTime(1_000);
    }
    vi.advanceTimersByTime(5_000);
    expect(emitted.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < emitted.length; i += 1) expect(emitted[i]! - emitted[i - 1]!).toBeGreaterThanOrEqual(1_000);
  });

  it('sends nothing without requests, and nothing after stop', () => {
    const emit = vi.fn();
    const coalescer = new Coalescer(1_000, emit, () => Date.now());
    vi.advanceTimersByTime(10_000);
    expect(emit).not.toHaveBeenCalled();
    coalescer.request();
    coalescer.stop();
    vi.advanceTimersByTime(10_000);
    expect(emit).not.toHaveBeenCalled();
  });
});

import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { LiveHub } from './live-hub.js';
import { organizationTopic } from './live-messages.js';

/**
 * Turns a burst of requests into at most one emission per interval: the first request after a
 * quiet interval emits at once (on the next turn of the event loop), later ones wait for the
 * interval to pass and share one emission.
 */
export class Coalescer {
  private last = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  request(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.last = this.now();
      this.emit();
    }, wait);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** A local "the summary may have changed" event: an id for per-event memoization, nothing more. */
export interface SummaryTick {
  type: 'summary';
  id: string;
  at: string;
  organizationId: string;
}

interface Feed {
  listeners: Set<(tick: SummaryTick) => void>;
  coalescer: Coalescer;
  listening: Promise<() => void>;
}

/**
 * Security-summary ticks per organization on this instance. Every member change and campaign
 * batch of the organization requests one; at most one goes out per interval, so a campaign of
 * 50,000 alerts gives a summary stream of about one a second. Coalescing happens where the
 * subscribers are, so the bound holds however many instances publish.
 */
export class SummaryFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly hub: LiveHub,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  async on(organizationId: string, listener: (tick: SummaryTick) => void): Promise<() => void> {
    let feed = this.feeds.get(organizationId);
    if (!feed) {
      const listeners = new Set<(tick: SummaryTick) => void>();
      const coalescer = new Coalescer(this.intervalMs, () => {
        const tick: SummaryTick = Object.freeze({ type: 'summary', id: randomUUID(), at: this.clock.now().toISOString(), organizationId });
        for (const each of [...listeners]) each(tick);
      });
      const listening = this.hub.on(organizationTopic(organizationId), (message) => {
        if (message.type === 'member' || message.type === 'campaign') coalescer.request();
      });
      const created: Feed = { listeners, coalescer, listening };
      listening.catch(() => {
        if (this.feeds.get(organizationId) === created) this.feeds.delete(organizationId);
      });
      this.feeds.set(organizationId, created);
      feed = created;
    }
    const active = feed;
    active.listeners.add(listener);
    try {
      await active.listening;
    } catch (error) {
      active.listeners.delete(listener);
      throw error;
    }
    return () => {
      if (!active.listeners.delete(listener) || active.listeners.size > 0) return;
      if (this.feeds.get(organizationId) === active) this.feeds.delete(organizationId);
      active.coalescer.stop();
      void active.listening.then((stop) => stop());
    };
  }
}

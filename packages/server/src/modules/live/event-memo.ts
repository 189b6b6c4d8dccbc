/**
 * Reads shared by every subscriber of one event on this instance: the first subscriber's read
 * runs, the others await the same promise, so one event to thousands of subscribers of an
 * organization reads the member row (or the rights, or the summary) once. Entries are dropped a
 * while after they were made; events are delivered within moments, so a late reader at worst
 * reads again.
 */
export class EventMemo {
  private readonly entries = new Map<string, { madeAt: number; value: Promise<unknown>; settled?: { value: unknown } }>();
  /** Reads that ran, and reads answered from the memo: for tests and the benchmark. */
  readonly stats = { loads: 0, hits: 0 };

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  read<T>(eventId: string, what: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    this.expire(now);
    const key = `${eventId}|${what}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.stats.hits += 1;
      return hit.value as Promise<T>;
    }
    this.stats.loads += 1;
    const value = load();
    const entry: { madeAt: number; value: Promise<unknown>; settled?: { value: unknown } } = { madeAt: now, value };
    this.entries.set(key, entry);
    value.then(
      (loaded) => (entry.settled = { value: loaded }),
      () => undefined,
    );
    return value;
  }

  /**
   * The value of a read that has completed, without a promise: the thousands of subscribers after
   * the first then decide synchronously (a promise per subscriber and event was a large part of a
   * fan-out's cost: docs/benchmarks.md, scenario 4).
   */
  peek<T>(eventId: string, what: string): { value: T } | undefined {
    const hit = this.entries.get(`${eventId}|${what}`);
    if (!hit?.settled) return undefined;
    this.stats.hits += 1;
    return hit.settled as { value: T };
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries are kept in the order they were made, so the expired ones are at the front. */
  private expire(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.madeAt < this.ttlMs) return;
      this.entries.delete(key);
    }
  }
}

/**
 * Caps concurrent work (password hashing) and the queue before it: beyond `maxQueued` waiting
 * callers, `acquire` refuses at once, so a storm is turned away fast instead of piling up.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly max: number,
    private readonly maxQueued: number,
  ) {}

  /** Runs `work` within the cap; returns `undefined` without running it when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.maxQueued) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return { value: await work() };
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  /** Whether `run` would refuse now (every slot taken and the queue full). */
  get full(): boolean {
    return this.active >= this.max && this.waiting.length >= this.maxQueued;
  }

  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.waiting.length };
  }
}

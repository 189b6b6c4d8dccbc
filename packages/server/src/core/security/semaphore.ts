/**
 * Caps concurrent work (password hashing) and the queue before it: beyond `maxQueued` waiting
 * callers, `run` refuses at once, so a storm is turned away fast instead of piling up. A caller
 * with work to do before it can start (a sign-in reads the database first) reserves its place
 * up front, and is refused then, if at all.
 */
export class Semaphore {
  private active = 0;
  private reserved = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly max: number,
    private readonly maxQueued: number,
  ) {}

  /** Takes a place now for a later `run`; false when there is none. Give it back with `unreserve`. */
  reserve(): boolean {
    if (this.full) return false;
    this.reserved += 1;
    return true;
  }

  unreserve(): void {
    this.reserved -= 1;
  }

  /**
   * Runs `work` within the cap; returns `undefined` without running it when the queue is full.
   * With `reservation`, the place taken by `reserve` is used (and given back) instead.
   */
  async run<T>(work: () => Promise<T>, reservation = false): Promise<{ value: T } | undefined> {
    if (reservation) this.reserved -= 1;
    else if (this.full) return undefined;
    if (this.active >= this.max) {
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

  /** Whether `run` would refuse now: every slot and every place in the queue taken or reserved. */
  get full(): boolean {
    return this.active + this.waiting.length + this.reserved >= this.max + this.maxQueued;
  }

  get load(): { active: number; queued: number; reserved: number } {
    return { active: this.active, queued: this.waiting.length, reserved: this.reserved };
  }
}

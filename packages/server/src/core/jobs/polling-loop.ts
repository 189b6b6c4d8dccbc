import type { Logger } from '../logger.js';

/**
 * Runs `round` again and again: at once while it finds work, every `pollMs` when idle, and at once
 * when woken. One round at a time; `stop` waits for the current one.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;
  private started = false;

  constructor(
    private readonly name: string,
    private readonly round: () => Promise<number>,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.started = true;
    this.schedule(0);
  }

  /** Runs a round soon; does nothing when the loop was never started (tests drive it by hand). */
  wake(): void {
    if (this.stopped || !this.started) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Runs rounds until one finds nothing (tests and the operator command use it). */
  async drain(): Promise<void> {
    while (this.running) await this.running.catch(() => 0);
    while ((await this.round()) > 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await this.running.catch(() => 0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = this.round().catch((err: unknown) => {
      this.log.error({ err, loop: this.name }, 'background round failed');
      return 0;
    });
    const handled = await this.running;
    this.running = undefined;
    const more = handled > 0 || this.again;
    this.again = false;
    this.schedule(more ? 0 : this.pollMs);
  }
}

/** A background worker that runs `runOnce` in a `PollingLoop` (mail delivery, alert campaigns). */
export abstract class PollingWorker {
  private readonly loop: PollingLoop;

  protected constructor(name: string, pollMs: number, log: Logger) {
    this.loop = new PollingLoop(name, () => this.runOnce(), pollMs, log);
  }

  /** One round of work; returns how much it handled (0 when there was nothing to do). */
  abstract runOnce(): Promise<number>;

  start(): void {
    this.loop.start();
  }

  /** Look for work now. */
  wake(): void {
    this.loop.wake();
  }

  /** Runs rounds until one finds nothing due. */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}

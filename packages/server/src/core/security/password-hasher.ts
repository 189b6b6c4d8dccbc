import { hash } from '@node-rs/argon2';
import { ErrorCode } from '@twostep/shared';
import { DomainError } from '../errors.js';
import { HashThreads } from './hash-threads.js';
import { Semaphore } from './semaphore.js';

/** OWASP's argon2id minimum (m = 19 MiB, t = 2, p = 1), raised to m = 19 MiB, t = 3. */
export const argon2Options = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolated modules cannot read)
  memoryCost: 19_456,
  timeCost: 3,
  parallelism: 1,
} as const;

/** A place in the hashing queue, taken before the work that leads to a hash (see `reserve`). */
export interface HashPlace {
  /** Uses the place (true) for the hash that follows; false once used or released. */
  take(): boolean;
  release(): void;
}

const busy = (): DomainError => new DomainError(ErrorCode.BUSY, 'The server is busy; try again in a moment.');

/**
 * Password hashing with a cap on concurrent hashes and on the queue before them: a storm of
 * sign-ins waits its turn or is refused fast with `BUSY`, and never starves the rest of the server:
 * the hashes run on their own threads at a lower priority (`HashThreads`), so requests that do not
 * hash keep the CPU. Every verification of an unknown account hashes too (against a dummy), so
 * timing says nothing.
 */
export class PasswordHasher {
  private readonly gate: Semaphore;
  private readonly threads: HashThreads;
  private dummy: Promise<string> | undefined;
  /** Counts hashes computed, for the tests that prove unknown e-mails cost the same. */
  hashes = 0;

  constructor(maxConcurrent: number, maxQueued = maxConcurrent * 16) {
    this.gate = new Semaphore(maxConcurrent, maxQueued);
    this.threads = new HashThreads(maxConcurrent);
  }

  async hash(password: string): Promise<string> {
    return this.limited(() => this.threads.hash(password, argon2Options));
  }

  /**
   * Verifies against `stored`, or against a dummy hash when there is no account. With a
   * `place` from `reserve`, it cannot be refused.
   */
  async verify(stored: string | undefined, password: string, place?: HashPlace): Promise<boolean> {
    const target = stored ?? (await this.dummyHash());
    const ok = await this.limited(() => this.threads.verify(target, password).catch(() => false), place?.take());
    return stored !== undefined && ok;
  }

  /**
   * Takes a place in the hashing queue now, or refuses with `BUSY` at once: a sign-in reserves
   * before its database work, so that a refusal costs nothing and an admitted sign-in is never
   * refused after it. `release` the place when no hash follows (it is a no-op once used).
   */
  reserve(): HashPlace {
    if (!this.gate.reserve()) throw busy();
    let held = true;
    return {
      take: () => {
        const had = held;
        held = false;
        return had;
      },
      release: () => {
        if (held) this.gate.unreserve();
        held = false;
      },
    };
  }

  private dummyHash(): Promise<string> {
    this.dummy ??= hash('twostep-dummy-password-for-timing', argon2Options);
    return this.dummy;
  }

  private async limited<T>(work: () => Promise<T>, reserved = false): Promise<T> {
    const result = await this.gate.run(async () => {
      this.hashes += 1;
      return work();
    }, reserved);
    if (!result) throw busy();
    return result.value;
  }
}

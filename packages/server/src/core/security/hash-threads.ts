/*
 * Why our own threads and not a pool library (piscina was weighed, issue 13):
 * - The point of these threads is their priority. @node-rs/argon2's async `hash`/`verify` would
 *   run on libuv's pool, which is shared with fs, dns, crypto and zlib and cannot be reniced for
 *   hashing alone; that is how hashing took both cores under a sign-in storm (docs/benchmarks.md,
 *   scenario 6). So each thread here calls the synchronous API and renices itself. piscina's
 *   `niceIncrement` needs the optional native `@napi-rs/nice` and silently does nothing without it.
 * - piscina loads its task from a file on disk (no eval'd source): a plain .cjs beside this file,
 *   since the unit tests run this code from TypeScript under Vitest and a worker on Node 20 cannot
 *   load TypeScript, and a build step to copy it to dist, which `tsc` does not.
 * - Its queue cannot hold a place reserved before a sign-in's database work
 *   (`PasswordHasher.reserve`), so the semaphore would stay and piscina's queue sit unused: it
 *   would replace only the hundred lines below (start on first use, one thread per allowed hash,
 *   retire after idling, not hold the process open, fail the jobs of a thread that died).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How much lower than the server's own threads the hashing threads run (Linux niceness steps). */
export const HASH_THREAD_NICENESS = 10;
/** An idle thread ends after this long; the next hash starts a new one (tens of milliseconds). */
const IDLE_MS = 30_000;

/**
 * The code of one hashing thread. It hashes synchronously on its own thread, so the priority it
 * sets applies to exactly that work: on Linux a thread's niceness is its own (`setpriority` of
 * "0" is the calling thread). Elsewhere the call would renice the whole process, so it is skipped.
 */
const threadSource = `
const { parentPort, workerData } = require('node:worker_threads');
const os = require('node:os');
const argon2 = require(workerData.argon2Path);
if (process.platform === 'linux' && workerData.niceness > 0) {
  try { os.setPriority(0, Math.min(19, os.getPriority(0) + workerData.niceness)); } catch {}
}
parentPort.on('message', ({ id, kind, password, stored, options }) => {
  try {
    const value = kind === 'hash' ? argon2.hashSync(password, options) : argon2.verifySync(stored, password);
    parentPort.postMessage({ id, value });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

type Job = { kind: 'hash'; password: string; options: object } | { kind: 'verify'; password: string; stored: string };

interface HashThread {
  worker: Worker;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Password hashing off the main thread and below its priority: under a sign-in storm the
 * kernel gives the CPU to the event loop and to PostgreSQL first, and hashing takes what is
 * left. The caller caps how many jobs run at once (`PasswordHasher`'s semaphore); there is one
 * thread per allowed job, started on first use, idle without holding the process open, and ended
 * after a while without work.
 */
export class HashThreads {
  private readonly threads: HashThread[] = [];
  private readonly idle: HashThread[] = [];
  private nextId = 0;
  private readonly argon2Path = createRequire(import.meta.url).resolve('@node-rs/argon2');

  constructor(
    private readonly size: number,
    private readonly niceness = HASH_THREAD_NICENESS,
  ) {}

  hash(password: string, options: object): Promise<string> {
    return this.run({ kind: 'hash', password, options }) as Promise<string>;
  }

  verify(stored: string, password: string): Promise<boolean> {
    return this.run({ kind: 'verify', password, stored }) as Promise<boolean>;
  }

  /** Ends the threads (a stopped server; tests). Jobs still running are refused. */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    this.idle.length = 0;
    for (const thread of threads) clearTimeout(thread.idleTimer);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  private async run(job: Job): Promise<unknown> {
    const thread = this.idle.pop() ?? this.start();
    if (!thread) throw new Error(`more than ${this.size} concurrent hashes`);
    const id = (this.nextId += 1);
    clearTimeout(thread.idleTimer);
    thread.worker.ref();
    try {
      return await new Promise((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        thread.worker.postMessage({ id, ...job });
      });
    } finally {
      thread.pending.delete(id);
      if (this.threads.includes(thread)) {
        thread.worker.unref();
        this.idle.push(thread);
        thread.idleTimer = setTimeout(() => this.retire(thread), IDLE_MS).unref();
      }
    }
  }

  private retire(thread: HashThread): void {
    const index = this.idle.indexOf(thread);
    if (index < 0) return;
    this.idle.splice(index, 1);
    this.threads.splice(this.threads.indexOf(thread), 1);
    void thread.worker.terminate();
  }

  private start(): HashThread | undefined {
    if (this.threads.length >= this.size) return undefined;
    const worker = new Worker(threadSource, { eval: true, workerData: { argon2Path: this.argon2Path, niceness: this.niceness } });
    const thread: HashThread = { worker, pending: new Map() };
    worker.on('message', ({ id, value, error }: { id: number; value?: unknown; error?: string }) => {
      const job = thread.pending.get(id);
      if (!job) return;
      if (error !== undefined) job.reject(new Error(error));
      else job.resolve(value);
    });
    const fail = (error: Error): void => {
      // A thread that died takes its jobs with it; the next job starts a fresh one.
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      const idleIndex = this.idle.indexOf(thread);
      if (idleIndex >= 0) this.idle.splice(idleIndex, 1);
      for (const job of thread.pending.values()) job.reject(error);
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`hashing thread exited with ${code}`)));
    this.threads.push(thread);
    return thread;
  }
}

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@twostep/shared';
import { HASH_THREAD_NICENESS } from './hash-threads.js';
import { PasswordHasher } from './password-hasher.js';

/** Niceness of this process's threads, from /proc (Linux only). */
function threadNiceness(): number[] {
  return fs
    .readdirSync('/proc/self/task')
    .map((tid) => Number(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
}

describe('PasswordHasher', () => {
  it('hashes and verifies on its own threads', async () => {
    const hasher = new PasswordHasher(2);
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await hasher.verify(stored, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(stored, 'wrong')).toBe(false);
    expect(await hasher.verify(undefined, 'anything')).toBe(false);
    expect(hasher.hashes).toBe(4);
  });

  it.runIf(process.platform === 'linux')('hashes below the priority of the rest of the server', async () => {
    const hasher = new PasswordHasher(1);
    const own = threadNiceness()[0]!;
    const hashing = hasher.hash('x');
    // The thread renices itself as it starts; look while it works.
    let seen = false;
    for (let i = 0; i < 50 && !seen; i += 1) {
      await new Promise((r) => setTimeout(r, 10));
      seen = threadNiceness().some((nice) => nice >= Math.min(19, own + HASH_THREAD_NICENESS));
    }
    await hashing;
    expect(seen).toBe(true);
    expect(threadNiceness()[0]).toBe(own);
  });

  it('refuses with BUSY at once beyond its queue, before any work', async () => {
    const hasher = new PasswordHasher(1, 1);
    const running = hasher.hash('one');
    const queued = hasher.hash('two');
    expect(() => hasher.reserve()).toThrow(expect.objectContaining({ code: ErrorCode.BUSY }));
    const started = performance.now();
    await expect(hasher.hash('three')).rejects.toMatchObject({ code: ErrorCode.BUSY });
    expect(performance.now() - started).toBeLessThan(100);
    await Promise.all([running, queued]);
  });

  it('never refuses a sign-in that reserved its place, and gives unused places back', async () => {
    const hasher = new PasswordHasher(1, 1);
    const stored = await hasher.hash('secret');
    const first = hasher.reserve();
    const second = hasher.reserve();
    // Both places are taken before either hashes: others are refused, these two are not.
    expect(() => hasher.reserve()).toThrow(expect.objectContaining({ code: ErrorCode.BUSY }));
    await expect(hasher.hash('other')).rejects.toMatchObject({ code: ErrorCode.BUSY });
    const results = await Promise.all([hasher.verify(stored, 'secret', first), hasher.verify(stored, 'wrong', second)]);
    expect(results).toEqual([true, false]);
    first.release(); // used: no effect
    const unused = hasher.reserve();
    unused.release(); // a sign-in refused before hashing (rate limit) gives its place back
    const again = [hasher.reserve(), hasher.reserve()];
    expect(() => hasher.reserve()).toThrow(expect.objectContaining({ code: ErrorCode.BUSY }));
    for (const place of again) place.release();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { AsyncQueue } from './async-queue.js';

const queue = (capacity = 10, onEnd = vi.fn()) => new AsyncQueue<number>({ capacity, overflow: () => new Error('overflow'), onEnd });

describe('AsyncQueue', () => {
  it('delivers pushed items in order, to readers waiting or not', async () => {
    const q = queue();
    const waiting = q.next();
    q.push(1);
    q.push(2);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
  });

  it('return() ends a waiting reader at once and calls onEnd once', async () => {
    const onEnd = vi.fn();
    const q = queue(10, onEnd);
    const waiting = q.next();
    await q.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    await q.return();
    expect(onEnd).toHaveBeenCalledTimes(1);
    q.push(3);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('fail() reaches the reader (waiting or next), once', async () => {
    const q = queue();
    const waiting = q.next();
    q.fail(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(await q.next()).toEqual({ value: undefined, done: true });
    const later = queue();
    later.push(1);
    later.fail(new Error('gone'));
    await expect(later.next()).rejects.toThrow('gone');
    expect(await later.next()).toEqual({ value: undefined, done: true });
  });

  it('a reader that falls too far behind gets the overflow error instead of an ever-growing buffer', async () => {
    const onEnd = vi.fn();
    const q = queue(3, onEnd);
    for (let i = 0; i < 10; i += 1) q.push(i);
    await expect(q.next()).rejects.toThrow('overflow');
    expect(onEnd).toHaveBeenCalledTimes(1);
  });
});

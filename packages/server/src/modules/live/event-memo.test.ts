import { describe, expect, it } from 'vitest';
import { EventMemo } from './event-memo.js';

describe('EventMemo', () => {
  it('runs one read per event and key, however many ask', async () => {
    const memo = new EventMemo();
    let reads = 0;
    const load = async (): Promise<number> => (reads += 1);
    const answers = await Promise.all(Array.from({ length: 1_000 }, () => memo.read('event-1', 'member', load)));
    expect(new Set(answers)).toEqual(new Set([1]));
    expect(reads).toBe(1);
    await memo.read('event-1', 'summary', load);
    await memo.read('event-2', 'member', load);
    expect(reads).toBe(3);
    expect(memo.stats).toEqual({ loads: 3, hits: 999 });
  });

  it('forgets entries after their time to live', async () => {
    let now = 0;
    const memo = new EventMemo(1_000, () => now);
    let reads = 0;
    await memo.read('e', 'k', async () => (reads += 1));
    now = 999;
    await memo.read('e', 'k', async () => (reads += 1));
    expect(reads).toBe(1);
    now = 2_000;
    await memo.read('other', 'k', async () => 0);
    expect(memo.size).toBe(1);
    await memo.read('e', 'k', async () => (reads += 1));
    expect(reads).toBe(2);
  });

  it('answers without a promise once a read has completed, and not before', async () => {
    const memo = new EventMemo();
    let finish!: (value: number) => void;
    const read = memo.read('e', 'rights', () => new Promise<number>((resolve) => (finish = resolve)));
    expect(memo.peek('e', 'rights')).toBeUndefined();
    finish(7);
    await read;
    expect(memo.peek('e', 'rights')).toEqual({ value: 7 });
    expect(memo.peek('e', 'other')).toBeUndefined();
  });
});

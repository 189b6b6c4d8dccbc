/**
 * A push-fed async iterator for one subscriber. Unlike an async generator, `return()` ends it at
 * once even while a `next()` waits, so a client that completes or disconnects frees its
 * listeners immediately. It holds at most `capacity` undelivered items: a reader that falls that
 * far behind gets the `overflow` error instead of an ever-growing buffer.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private readonly readers: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void }[] = [];
  private failure: { error: Error } | undefined;
  private ended = false;

  constructor(private readonly options: { capacity: number; overflow: () => Error; onEnd?: () => void }) {}

  get done(): boolean {
    return this.ended;
  }

  push(item: T): void {
    if (this.ended || this.failure) return;
    const reader = this.readers.shift();
    if (reader) return reader.resolve({ value: item, done: false });
    if (this.items.length >= this.options.capacity) return this.fail(this.options.overflow());
    this.items.push(item);
  }

  /** Ends the stream with an error: a waiting reader gets it now, otherwise the next read does. */
  fail(error: Error): void {
    if (this.ended || this.failure) return;
    this.items.length = 0;
    const readers = this.readers.splice(0);
    if (readers.length > 0) for (const reader of readers) reader.reject(error);
    else this.failure = { error };
    this.finish();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.readers.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.failure = undefined;
    this.finish();
    for (const reader of this.readers.splice(0)) reader.resolve({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.options.onEnd?.();
  }
}

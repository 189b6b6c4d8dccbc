import { ErrorCode } from '@twostep/shared';
import { DomainError } from '../../core/errors.js';
import { AsyncQueue } from '../../core/pubsub/async-queue.js';

/** How many undelivered events one subscriber may fall behind before its subscription ends. */
export const SUBSCRIBER_BACKLOG = 10_000;

export const backlogOverflow = (): DomainError =>
  new DomainError(ErrorCode.CONFLICT, 'Events arrived faster than this client read them. Query again, then subscribe anew.');

/**
 * One subscriber's stream of an organization's events. Each message it delivers, and each that
 * may take its right away, is authorized for this subscriber first (`authorize` throws the
 * refusal); the refusal ends the stream and reaches the client as the operation's error.
 * Messages are handled one at a time, in order, as the client reads.
 */
export function organizationStream<M, P>(options: {
  deliver: (message: M) => P | undefined;
  mayRevoke: (message: M) => boolean;
  /** Throws the refusal, or returns a promise that rejects with it (when the rights are not read yet). */
  authorize: (message: M) => Promise<void> | undefined;
  onEnd: () => void;
}): { queue: AsyncQueue<M>; stream: AsyncIterableIterator<P> } {
  const queue = new AsyncQueue<M>({ capacity: SUBSCRIBER_BACKLOG, overflow: backlogOverflow, onEnd: options.onEnd });
  const stream: AsyncIterableIterator<P> = {
    async next(): Promise<IteratorResult<P>> {
      for (;;) {
        const read = await queue.next();
        if (read.done) return { value: undefined, done: true };
        const payload = options.deliver(read.value);
        if (payload === undefined && !options.mayRevoke(read.value)) continue;
        try {
          const pending = options.authorize(read.value);
          if (pending) await pending;
        } catch (error) {
          await queue.return();
          throw error;
        }
        if (payload !== undefined) return { value: payload, done: false };
      }
    },
    return: async () => {
      await queue.return();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return { queue, stream };
}

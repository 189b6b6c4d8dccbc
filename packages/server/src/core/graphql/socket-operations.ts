import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { socketConnectionOf } from './socket-connection.js';

const shared = new WeakSet<object>();
const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

/**
 * Marks a subscription payload whose selection gives the same result to every subscriber (its
 * fields never depend on who asks). One event to thousands of subscribers of an organization then
 * executes each distinct operation once per instance, not once per subscriber; every subscriber
 * was authorized for the event before it received the payload.
 */
export function sharedPayload<T extends object>(payload: T): T {
  shared.add(payload);
  return payload;
}

const prints = new WeakMap<DocumentNode, string>();

/** Documents are immutable, and sockets share them (`DocumentCache`): printed once each. */
function printed(document: DocumentNode): string {
  let text = prints.get(document);
  if (text === undefined) prints.set(document, (text = print(document)));
  return text;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * graphql-ws's `subscribe`: graphql-js's own, with two additions. The running operation is
 * tracked on its socket, so that it ends with the gate's error when the subscriber's access
 * changes (`SocketConnection.refresh`); and shared payloads execute once per operation.
 */
export async function subscribeOverSocket(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source;
  const key = `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${printed(args.document)}`;
  const run = (payload: unknown): Promise<ExecutionResult> => {
    const once = () => Promise.resolve(execute({ ...args, rootValue: payload }));
    if (typeof payload !== 'object' || payload === null || !shared.has(payload)) return once();
    let byOperation = results.get(payload);
    if (!byOperation) results.set(payload, (byOperation = new Map<string, Promise<ExecutionResult>>()));
    let result = byOperation.get(key);
    if (!result) byOperation.set(key, (result = once()));
    return result;
  };
  const stream = new OperationStream(source[Symbol.asyncIterator](), run);
  const connection = socketConnectionOf(args.contextValue);
  if (connection) stream.onEnd(connection.track({ document: args.document, fail: (error) => stream.fail(error) }));
  return stream;
}

/**
 * The source stream mapped to results; `fail` ends it with an error even while it waits. (Not a
 * `Promise.race` against one long-lived failure promise: every `next()` would leave a reaction on
 * it for as long as the subscription lives.)
 */
class OperationStream implements AsyncIterableIterator<ExecutionResult> {
  private failure: { error: Error } | undefined;
  private waiting: ((error: unknown) => void) | undefined;
  private readonly ends: (() => void)[] = [];
  private ended = false;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly run: (payload: unknown) => Promise<ExecutionResult>,
  ) {}

  onEnd(callback: () => void): void {
    this.ends.push(callback);
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.failure) return Promise.reject(this.failure.error);
    return new Promise<IteratorResult<ExecutionResult>>((resolve, reject) => {
      this.waiting = reject;
      this.source.next().then((result) => {
        if (result.done) {
          this.end();
          return resolve({ value: undefined, done: true });
        }
        this.run(result.value).then((value) => resolve({ value, done: false }), reject);
      }, reject);
    }).then(
      (result) => {
        this.waiting = undefined;
        return result;
      },
      (error: unknown) => {
        this.waiting = undefined;
        void this.close();
        throw error;
      },
    );
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    return this.close().then(() => ({ value: undefined, done: true }));
  }

  fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error: error instanceof Error ? error : new Error(String(error)) };
    this.waiting?.(this.failure.error);
    void this.close();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  private async close(): Promise<void> {
    if (this.ended) return;
    this.end();
    await this.source.return?.();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const callback of this.ends.splice(0)) callback();
  }
}

import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import type { Logger } from '../logger.js';

/** The yoga / type-graphql publish–subscribe object an engine is built on. */
export type TopicPubSub = PubSub<Record<string, [unknown]>>;

/**
 * Where live messages travel between the instances of Twostep. Two engines implement it: in
 * process (one instance, the default) and Redis (`REDIS_URL`, several instances). Messages are
 * small JSON objects of ids and facts; nothing is stored, so nothing is replayed to a subscriber
 * that was not listening when a message went out.
 */
export interface PubSubEngine {
  readonly kind: 'memory' | 'redis';
  /** The same engine as a type-graphql `PubSub`, for `buildSchema`. */
  readonly pubSub: TopicPubSub;
  /** Sends a message to every instance listening on the topic (this one included). */
  publish(topic: string, message: object): void;
  /**
   * Calls `listener` with each message of the topic until the returned function is called. The
   * promise resolves once messages published from then on are sure to arrive.
   */
  listen(topic: string, listener: (message: unknown) => void): Promise<() => void>;
  close(): Promise<void>;
}

type Target = NonNullable<Parameters<typeof createPubSub>[0]>['eventTarget'] & object;

/** Shared by both engines: yoga's `createPubSub` over an event target, plus listening on it. */
export function engineOver(
  kind: PubSubEngine['kind'],
  target: Target,
  log: Logger,
  options: { subscribed?: (topic: string) => Promise<unknown>; close?: () => Promise<void> } = {},
): PubSubEngine {
  const pubSub = createPubSub({ eventTarget: target }) as TopicPubSub;
  return {
    kind,
    pubSub,
    publish(topic, message) {
      pubSub.publish(topic, message);
    },
    async listen(topic, listener) {
      const handler = (event: Event): void => {
        try {
          listener((event as CustomEvent<unknown>).detail);
        } catch (err) {
          // An EventTarget rethrows a listener's error as an uncaught exception: never let it.
          log.error({ err, topic }, 'live listener failed');
        }
      };
      target.addEventListener(topic, handler);
      const stop = (): void => target.removeEventListener(topic, handler);
      try {
        await options.subscribed?.(topic);
      } catch (error) {
        stop();
        throw error;
      }
      return stop;
    },
    close: options.close ?? (() => Promise.resolve()),
  };
}

/** One instance: messages go from publisher to listeners in this process. */
export function memoryEngine(log: Logger): PubSubEngine {
  return engineOver('memory', new EventTarget(), log);
}

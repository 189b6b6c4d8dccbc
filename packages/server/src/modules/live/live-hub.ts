import type { Logger } from '../../core/logger.js';
import type { PubSubEngine } from '../../core/pubsub/index.js';
import { asLiveMessage, type LiveMessage } from './live-messages.js';

type Listener = (message: LiveMessage) => void;

interface Topic {
  listeners: Set<Listener>;
  /** Resolves to the engine's stop function once the topic is listened to. */
  listening: Promise<() => void>;
}

/**
 * This instance's side of the pub/sub: one engine listener per topic however many subscribers
 * listen to it here, and every local listener receives the same (frozen) message object — which
 * is what lets per-event reads and shared executions be memoized by message.
 */
export class LiveHub {
  private readonly topics = new Map<string, Topic>();

  constructor(
    private readonly engine: PubSubEngine,
    private readonly log: Logger,
  ) {}

  publish(topic: string, message: LiveMessage): void {
    try {
      this.engine.publish(topic, message);
    } catch (err) {
      // The change is committed; a lost live message is what a reconnecting client re-queries.
      this.log.error({ err, topic }, 'live publish failed');
    }
  }

  /** Listens to a topic; resolves (to the function that stops listening) once messages will arrive. */
  async on(topic: string, listener: Listener): Promise<() => void> {
    let entry = this.topics.get(topic);
    if (!entry) {
      const created: Topic = { listeners: new Set(), listening: this.engine.listen(topic, (raw) => this.dispatch(created, raw)) };
      created.listening.catch(() => {
        if (this.topics.get(topic) === created) this.topics.delete(topic);
      });
      this.topics.set(topic, created);
      entry = created;
    }
    const topicEntry = entry;
    topicEntry.listeners.add(listener);
    try {
      await topicEntry.listening;
    } catch (error) {
      topicEntry.listeners.delete(listener);
      throw error;
    }
    return () => {
      if (!topicEntry.listeners.delete(listener) || topicEntry.listeners.size > 0) return;
      if (this.topics.get(topic) === topicEntry) this.topics.delete(topic);
      void topicEntry.listening.then((stop) => stop());
    };
  }

  /** Local listeners of a topic (tests wait for a subscription to be in place with it). */
  listeners(topic: string): number {
    return this.topics.get(topic)?.listeners.size ?? 0;
  }

  private dispatch(topic: Topic, raw: unknown): void {
    const message = asLiveMessage(raw);
    if (!message) {
      this.log.warn('malformed live message ignored');
      return;
    }
    for (const listener of [...topic.listeners]) {
      try {
        listener(message);
      } catch (err) {
        this.log.error({ err }, 'live listener failed');
      }
    }
  }
}

/**
 * Publish–subscribe between the instances of Twostep: in process by default, through Redis when
 * `REDIS_URL` is set. The live module builds its subscriptions on it.
 */
import type { Logger } from '../logger.js';
import { memoryEngine, type PubSubEngine } from './engine.js';
import { redisEngine } from './redis-engine.js';

export { memoryEngine, type PubSubEngine, type TopicPubSub } from './engine.js';

export function createPubSubEngine(redisUrl: string | undefined, log: Logger): Promise<PubSubEngine> {
  return redisUrl ? redisEngine(redisUrl, log) : Promise.resolve(memoryEngine(log));
}

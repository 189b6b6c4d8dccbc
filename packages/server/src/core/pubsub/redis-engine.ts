import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { engineOver, type PubSubEngine } from './engine.js';

/**
 * Several instances: messages go through Redis publish/subscribe, with one connection to publish
 * and one to subscribe (a subscribing Redis connection can do nothing else). Commands wait while
 * Redis is away instead of failing (`maxRetriesPerRequest: null`), so a short outage delays live
 * messages rather than crashing anything; messages published by others meanwhile are lost, and
 * the socket registry's sweep catches revoked credentials regardless.
 */
export async function redisEngine(url: string, log: Logger): Promise<PubSubEngine> {
  const options = { lazyConnect: true, maxRetriesPerRequest: null, connectionName: 'twostep-live' } as const;
  const publishClient = new Redis(url, options);
  const subscribeClient = new Redis(url, options);
  let lastError = 0;
  for (const client of [publishClient, subscribeClient]) {
    client.on('error', (err: Error) => {
      // ioredis reports every failed reconnect; one line every ten seconds is enough.
      if (Date.now() - lastError > 10_000) log.warn({ err: err.message }, 'redis unavailable');
      lastError = Date.now();
    });
  }
  try {
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  } catch (error) {
    publishClient.disconnect();
    subscribeClient.disconnect();
    throw new Error(`REDIS_URL: cannot connect to Redis (${(error as Error).message})`, { cause: error });
  }
  const target = createRedisEventTarget({ publishClient, subscribeClient });
  return engineOver('redis', target as never, log, {
    // The event target subscribes without waiting; subscribing again (idempotent in Redis) resolves
    // once Redis confirms, because one connection answers its commands in order.
    subscribed: (topic) => subscribeClient.subscribe(topic),
    close: async () => {
      await Promise.allSettled([subscribeClient.quit(), publishClient.quit()]);
    },
  });
}

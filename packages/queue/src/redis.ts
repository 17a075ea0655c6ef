import { Redis, type RedisOptions } from 'ioredis';

/**
 * The API's connection fails fast: with Redis down, a request must get a 503 now, not hang in
 * an offline queue and be written later without anyone waiting for it.
 */
export function createProducerRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    ...options,
  });
}

/**
 * Workers wait out a Redis restart: every command is retried until Redis is back, and the
 * reconnect delay is capped so a restarted Redis is found within a second.
 */
export function createWorkerRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(50 * times, 1_000),
    ...options,
  });
}

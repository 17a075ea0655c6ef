import { Redis } from 'ioredis';
import { startPrivateRedis, type PrivateRedis } from '@cancelq/test-utils';

/**
 * `pnpm test` needs a Redis. The one at REDIS_URL (default 127.0.0.1:6379) when it answers;
 * otherwise a redis-server of the run's own, so a fresh machine with `redis-server` installed
 * but not running passes the tests with no set-up step. Test processes inherit REDIS_URL.
 */
let started: PrivateRedis | null = null;

export async function setup(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await answers(url)) return;
  started = await startPrivateRedis({ appendfsync: 'no' });
  process.env.REDIS_URL = started.url;
  console.log(`no Redis answers at ${url}; the tests use their own at ${started.url}`);
}

export async function teardown(): Promise<void> {
  await started?.stop();
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

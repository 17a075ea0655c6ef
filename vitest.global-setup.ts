import { startPrivateRedis, type PrivateRedis } from '@cancelq/test-utils';
import { redisAnswers } from './scripts/start/redis.ts';

/**
 * `pnpm test` needs a Redis. The one at REDIS_URL (default 127.0.0.1:6379) when it answers;
 * otherwise a redis-server of the run's own, so a fresh machine with `redis-server` installed
 * but not running passes the tests with no set-up step. Test processes inherit REDIS_URL.
 */
let started: PrivateRedis | null = null;

export async function setup(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return;
  started = await startPrivateRedis({ appendfsync: 'no' });
  process.env.REDIS_URL = started.url;
  console.log(`no Redis answers at ${url}; the tests use their own at ${started.url}`);
}

export async function teardown(): Promise<void> {
  await started?.stop();
}

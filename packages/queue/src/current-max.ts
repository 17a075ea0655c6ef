import { limiterKeys } from './keys.ts';
import type { RedisConnection } from './redis.ts';

/**
 * The max an account's sliding window enforces now — the configured one, or less while it
 * recovers from 429s — read without a SlidingWindowLimiter: a reader (a metrics scrape) has
 * no use for the limiter's scripts, which constructing one registers on the connection.
 * The same reading as SlidingWindowLimiter.currentMax().
 */
export async function readCurrentMax(
  redis: RedisConnection,
  prefix: string,
  /** The account's queue name (queueNameOf). */
  queue: string,
  configuredMax: number,
): Promise<number> {
  const learned = await redis.hget(limiterKeys(prefix, queue).learnedMax, 'max');
  return learned === null ? configuredMax : Math.min(configuredMax, Number(learned));
}

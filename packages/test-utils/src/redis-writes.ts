import { Redis } from 'ioredis';
import { waitFor } from './wait-for.ts';

export interface RedisWrite {
  /** Lower case, as `hset`. */
  command: string;
  key: string;
}

const READS = new Set([
  'exists',
  'get',
  'hget',
  'hmget',
  'hgetall',
  'pttl',
  'publish',
  'time',
  'zcard',
  'zcount',
  'zrange',
  'zrangebyscore',
  'zscore',
]);

/**
 * The write commands Redis ran on keys under `prefix` while `work` ran, scripts' commands
 * included, in order: read from MONITOR, so as Redis ran them. Every write goes to the AOF and
 * to each replica; tests of what a step costs there count these.
 */
export async function redisWritesOf(
  redis: Redis,
  prefix: string,
  work: () => Promise<unknown>,
): Promise<RedisWrite[]> {
  const monitor = await new Redis(redis.options).monitor();
  const seen: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => seen.push(args));
  const end = `end-of-work-${process.pid}-${Date.now()}`;
  try {
    await work();
    await redis.echo(end);
    await waitFor(() => (seen.some((args) => args[1] === end) ? true : null), {
      what: 'MONITOR to show the work',
    });
  } finally {
    monitor.disconnect();
  }
  return seen
    .filter((args) => args[1]?.startsWith(prefix))
    .map((args) => ({ command: (args[0] ?? '').toLowerCase(), key: args[1] ?? '' }))
    .filter((write) => !READS.has(write.command));
}

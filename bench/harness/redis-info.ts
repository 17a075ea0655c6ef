import type { Redis } from 'ioredis';
import { limiterKeys } from '@cancelq/queue';

/**
 * Bytes of data Redis holds in memory (`data`: `used_memory` without what comes and goes with
 * the traffic of the moment, clients' buffers, the AOF buffer, the script cache; at the end of a
 * stretch of 100 orders, a client's buffer freed or grown moved `used_memory` by up to 0.6 KB an
 * order) and its append-only file's size.
 */
export async function redisBytes(redis: Redis): Promise<{ data: number; aof: number }> {
  const persistence = await redis.info('persistence');
  const field = (info: string, name: string) =>
    Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return { data: await dataBytes(redis), aof: field(persistence, 'aof_current_size') };
}

/** `MEMORY STATS`: the dataset and each database's tables of keys and expiries. */
async function dataBytes(redis: Redis): Promise<number> {
  const stats = (await redis.call('MEMORY', 'STATS')) as unknown[];
  let bytes = 0;
  for (let i = 0; i < stats.length; i += 2) {
    const [name, value] = [String(stats[i]), stats[i + 1]];
    if (name === 'dataset.bytes') bytes += Number(value);
    // `db.<n>`: [overhead.hashtable.main, bytes, overhead.hashtable.expires, bytes]
    if (name.startsWith('db.') && Array.isArray(value))
      for (let j = 1; j < value.length; j += 2) bytes += Number(value[j]);
  }
  return bytes;
}

/** CPU time redis-server has used so far (user + system, every thread), in ms. */
export async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1_000;
}

/**
 * Bytes held by a queue's keys whose size is bounded whatever the number of orders kept (from
 * `MEMORY USAGE`, exact): its event stream (BullMQ trims it to the queue's cap) and its
 * limiter's logs (the calls of one window).
 */
export async function boundedBytes(redis: Redis, prefix: string, queue: string): Promise<number> {
  const limiter = limiterKeys(prefix, queue);
  const keys = [`${prefix}:${queue}:events`, limiter.calls, limiter.launched];
  const sizes = await Promise.all(
    keys.map(async (key) => Number((await redis.memory('USAGE', key, 'SAMPLES', '0')) ?? 0)),
  );
  return sizes.reduce((sum, n) => sum + n, 0);
}

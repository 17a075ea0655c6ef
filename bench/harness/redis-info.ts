import type { Redis } from 'ioredis';

/** Bytes Redis holds in memory for data (`used_memory`) and its append-only file's size. */
export async function redisBytes(redis: Redis): Promise<{ memory: number; aof: number }> {
  const memory = await redis.info('memory');
  const persistence = await redis.info('persistence');
  const field = (info: string, name: string) =>
    Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return {
    memory: field(memory, 'used_memory'),
    aof: field(persistence, 'aof_current_size'),
  };
}

/** CPU time redis-server has used so far (user + system, every thread), in ms. */
export async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1_000;
}

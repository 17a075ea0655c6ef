/** Redis memory as INFO and MEMORY USAGE report it: what the soak measures. */
import type { Redis } from 'ioredis';
import { PROVIDERS } from '@cancelq/contracts';

export const MB = 1024 * 1024;

export async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

/** Bytes held by BullMQ's event streams (one per queue, trimmed to ~10,000 events). */
export async function streamBytes(client: Redis, prefix: string): Promise<number> {
  let total = 0;
  for (const provider of PROVIDERS)
    total += Number(
      (await client.memory('USAGE', `${prefix}:${provider}:events`, 'SAMPLES', 0)) ?? 0,
    );
  return total;
}

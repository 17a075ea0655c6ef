import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Redis } from 'ioredis';

/**
 * A full collection, so a measurement starts from live memory only. Vitest's workers do not
 * start with `--expose-gc`; the flag can still be set at run time, and a new context then sees
 * `gc` (the global of this context was made before the flag was).
 */
function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * How far the heap of this process (the harness runs the API in it) rose above its live size
 * while `act` ran. Sampled between event-loop turns: a handler that holds many big strings
 * across its Redis replies is caught while it holds them. Young garbage counts too, so this is
 * an upper bound of what a request needs, never an under-estimate.
 */
export async function peakHeapGrowth(act: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let running = true;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (running) setImmediate(sample);
  };
  sample();
  try {
    await act();
  } finally {
    running = false;
  }
  sample();
  return peak - base;
}

async function netOutputBytes(redis: Redis): Promise<number> {
  const stats = await redis.info('stats');
  const match = /^total_net_output_bytes:(\d+)/m.exec(stats);
  if (!match?.[1]) throw new Error('INFO stats has no total_net_output_bytes');
  return Number(match[1]);
}

/**
 * Bytes the Redis server sent to all its clients while `act` ran: on a Redis of the test's own,
 * what the API read to answer (plus one INFO reply, about 2 KB). It measures the work of a
 * request without knowing which commands the store uses.
 */
export async function redisBytesSent<T>(
  redis: Redis,
  act: () => Promise<T>,
): Promise<{ bytes: number; result: T }> {
  const before = await netOutputBytes(redis);
  const result = await act();
  return { bytes: (await netOutputBytes(redis)) - before, result };
}

export const MiB = 1024 * 1024;

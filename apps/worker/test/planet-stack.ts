/** What the Planet end-to-end tests share: a stack and worker per file, the listing call. */
import { afterAll, beforeAll } from 'vitest';
import { startStack, type Stack } from './stack.ts';

/** The calling file's stack, once it has called usePlanetStack() (a live binding). */
export let stack: Stack;

/**
 * Starts a stack before the calling file's tests, with Planet's limits (ours and the simulator's)
 * out of the way and a worker in this process, and closes it after them.
 */
export function usePlanetStack(): void {
  beforeAll(async () => {
    stack = await startStack({ PLANET_RATE_LIMIT: '1000/1s' });
    await stack.sim.setLimit({ max: 1_000, duration_ms: 1_000 });
    await stack.startWorker();
  });
  afterAll(async () => stack?.close());
}

/** A call of the listing that settles refused orders (`GET /orders/v2?state=running…`). */
export function isListing(call: { method: string; query: string | null }): boolean {
  return call.method === 'GET' && (call.query ?? '').includes('state=running');
}

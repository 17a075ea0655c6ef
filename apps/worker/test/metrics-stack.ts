/** The metrics tests' stack: limits, backoff and simulators set up for what /metrics counts. */
import { afterAll, beforeAll } from 'vitest';
import { startStack, type Stack } from './stack.ts';

/** The calling file's stack, once it has called useMetricsStack() (a live binding). */
export let stack: Stack;

/** What the metrics tests run under: limits, chunk size and backoff that give /metrics its counts. */
const METRICS_ENV = {
  PLANET_BULK_MAX: '10',
  PLANET_RATE_LIMIT: '1000/1s',
  COINW_RATE_LIMIT: '1000/1s',
  PLANOMATIC_RATE_LIMIT: '1000/1s',
  // Low enough that a backlog of 15 is held back by our own window.
  HYPERTRACK_RATE_LIMIT: '5/1s',
  // A retried job waits at least 5 minutes (half of it, jittered): one arranged transient
  // failure gives a job that stays delayed for the whole test.
  CANCELQ_BACKOFF: '10m',
};

/** Starts the stack before the calling file's tests and closes it after them. */
export function useMetricsStack(): void {
  beforeAll(async () => {
    stack = await startStack(METRICS_ENV);
    // The simulators' limits are out of the way: holding back is our limiter's job here, and a
    // stray 429 would be a pacing failure for pacing.test.ts to catch, not a metrics one.
    await stack.sim.setLimit({ max: 1_000 });
    await stack.coinw.setLimit({ max: 1_000 });
    await stack.planomatic.setLimit({ max: 1_000 });
    await stack.hypertrack.setLimit({ max: 1_000 });
  });
  afterAll(async () => stack?.close());
}

/**
 * Time source for a simulator. Epoch milliseconds with sub-millisecond precision:
 * `performance.now()` is monotonic, so arrival times taken from it never go backwards, which
 * the sliding-window limiter and the lazy order timers both rely on. `Date.now()` can step.
 */
export interface Clock {
  now(): number;
}

/**
 * The host's monotonic clock (CLOCK_MONOTONIC), ms since boot: the same for every process on
 * the host and immune to the wall clock stepping (NTP, a VM paused and resumed). Epoch stamps
 * taken in two processes disagree after such a step — each derives them from the wall clock
 * as it was when it started — so times compared across processes use this one.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
};

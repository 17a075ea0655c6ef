/**
 * Time source for a simulator. Epoch milliseconds with sub-millisecond precision:
 * `performance.now()` is monotonic, so arrival times taken from it never go backwards, which
 * the sliding-window limiter and the lazy order timers both rely on. `Date.now()` can step.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
};

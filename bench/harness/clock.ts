/**
 * Epoch milliseconds with sub-millisecond resolution, taken the way the simulator stamps a
 * call's arrival (`at_ms`). Every process on this host derives it from the same system clock,
 * so a time taken here and an `at_ms` taken there can be subtracted.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

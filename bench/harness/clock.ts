/**
 * Epoch milliseconds with sub-millisecond resolution, taken the way the simulator stamps a
 * call's arrival (`at_ms`): for durations within this process, and epoch stamps in results.
 * Not for comparing with another process's stamps: see `monotonicMs`.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The host's monotonic clock, ms since boot, as the simulator stamps `mono_ms`: the same in
 * every process on this host, and immune to the wall clock stepping. Epoch stamps are not: a
 * process derives them from the wall clock as it was when it started, so after a step (NTP, a
 * VM paused and resumed — seen here mid-run as a 6.2 s offset between the benchmark process and
 * the ones it started after the step) two processes' epoch stamps disagree by the step.
 * Latencies between processes are measured on this clock.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

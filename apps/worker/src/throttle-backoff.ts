export interface ThrottleWait {
  waitMs: number;
  /** The provider asked for longer than `maxPauseMs` (or the doubling reached it). */
  capped: boolean;
}

/**
 * How long to pause a provider after its n-th 429 in a row for one job. Retry-After when the
 * provider said; otherwise a 429 while we keep to our own limit means the provider's window is
 * fuller than ours (another client, a lowered limit), so wait a whole window, doubling each time.
 * Never longer than `maxPauseMs`: the pause holds every worker of the provider, and a
 * Retry-After date decades ahead (a misconfigured gateway) must not stop cancelling for good.
 */
export function throttleWaitMs(
  consecutiveThrottles: number,
  windowMs: number,
  retryAfterMs: number | null,
  maxPauseMs: number,
): ThrottleWait {
  const wanted =
    retryAfterMs !== null
      ? Math.max(retryAfterMs, 1)
      : windowMs * 2 ** Math.max(0, consecutiveThrottles - 1);
  return wanted > maxPauseMs
    ? { waitMs: maxPauseMs, capped: true }
    : { waitMs: wanted, capped: false };
}

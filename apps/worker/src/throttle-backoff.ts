/**
 * How long to pause a provider after its n-th 429 in a row for one job, when the provider did
 * not say (no Retry-After). A 429 while we keep to our own limit means the provider's window is
 * fuller than ours (another client, a lowered limit), so wait a whole window, doubling each time.
 */
export function throttleWaitMs(
  consecutiveThrottles: number,
  windowMs: number,
  retryAfterMs: number | null,
): number {
  if (retryAfterMs !== null) return Math.max(retryAfterMs, 1);
  const doubled = windowMs * 2 ** Math.max(0, consecutiveThrottles - 1);
  return Math.min(doubled, 5 * 60_000);
}

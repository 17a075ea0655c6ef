/**
 * The largest number of timestamps that fit in any half-open window `[t, t + windowMs)`.
 *
 * Two-pointer scan over sorted times: for each right end, advance the left end until the pair
 * spans less than `windowMs`. O(n) after sorting. This is how tests prove a client never sent
 * more than the provider's limit within one window, whatever the window's alignment.
 */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let left = 0;
  for (let right = 0; right < sorted.length; right++) {
    const end = sorted[right]!;
    while (end - sorted[left]! >= windowMs) left++;
    best = Math.max(best, right - left + 1);
  }
  return best;
}

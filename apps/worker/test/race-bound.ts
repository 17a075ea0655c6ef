/**
 * How many Planet races a surge of single-order cancellations could win at best, to tell what
 * the pacing loses from what the machine does. An order created at `createdMs` turns `running`
 * after an exponential delay (mean `raceMeanMs`), so a cancel that reaches Planet `w` ms after
 * the creation wins with probability exp(−w / mean), and a run's expected wins are the sum.
 *
 * `bestExpectedWins` is an upper bound for any pacing that makes at most `calls` calls: it knows
 * every acceptance in advance, may call `dispatchMs` after any of them, and may carry any number
 * of orders in a call (Planet's 100 a call is left out; leaving it out only raises the bound).
 * Each order rides the first call after its acceptance. The best choice of calls is a split of
 * the orders, in acceptance order, into at most `calls` runs, each called right after its last
 * acceptance: found exactly by dynamic programming, O(calls × orders²).
 */
export interface RacingOrder {
  createdMs: number;
  /** When cancelq accepted its cancellation. */
  acceptedMs: number;
}

export interface RaceBound {
  orders: RacingOrder[];
  calls: number;
  /** The least time from an acceptance to Planet: no call can be sooner. */
  dispatchMs: number;
  raceMeanMs: number;
}

/** Expected wins of cancels that reached Planet at the given times after their orders' creation. */
export function expectedWins(waitsMs: number[], raceMeanMs: number): number {
  return waitsMs.reduce((sum, waitMs) => sum + Math.exp(-waitMs / raceMeanMs), 0);
}

export function bestExpectedWins({ orders, calls, dispatchMs, raceMeanMs }: RaceBound): number {
  const sorted = [...orders].sort((a, b) => a.acceptedMs - b.acceptedMs);
  // best[j]: the most the first j orders can expect from the calls spent so far, the last call
  // carrying order j; -Infinity where they cannot all be carried.
  let best = [0, ...sorted.map(() => Number.NEGATIVE_INFINITY)];
  let bestOfAll = sorted.length === 0 ? 0 : Number.NEGATIVE_INFINITY;
  for (let call = 1; call <= calls; call += 1) {
    const next = [Number.NEGATIVE_INFINITY, ...sorted.map(() => Number.NEGATIVE_INFINITY)];
    for (let last = 1; last <= sorted.length; last += 1) {
      const at = (sorted[last - 1] as RacingOrder).acceptedMs + dispatchMs;
      let carried = 0;
      for (let first = last; first >= 1; first -= 1) {
        carried += Math.exp(-(at - (sorted[first - 1] as RacingOrder).createdMs) / raceMeanMs);
        next[last] = Math.max(next[last] as number, (best[first - 1] as number) + carried);
      }
    }
    best = next;
    bestOfAll = Math.max(bestOfAll, best[sorted.length] as number);
  }
  return bestOfAll;
}

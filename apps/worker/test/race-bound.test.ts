import { describe, expect, it } from 'vitest';
import { bestExpectedWins, expectedWins } from './race-bound.ts';

const MEAN = 300;
const win = (waitMs: number) => Math.exp(-waitMs / MEAN);

describe('the best a pacing of a few calls could expect to win', () => {
  it('calls each order at once when there are calls enough', () => {
    const orders = [
      { createdMs: 0, acceptedMs: 20 },
      { createdMs: 100, acceptedMs: 130 },
      { createdMs: 500, acceptedMs: 510 },
    ];
    const bound = bestExpectedWins({ orders, calls: 5, dispatchMs: 2, raceMeanMs: MEAN });
    expect(bound).toBeCloseTo(win(22) + win(32) + win(12), 12);
  });

  it('with one call, calls after the last acceptance', () => {
    const orders = [
      { createdMs: 0, acceptedMs: 10 },
      { createdMs: 40, acceptedMs: 50 },
    ];
    const bound = bestExpectedWins({ orders, calls: 1, dispatchMs: 5, raceMeanMs: MEAN });
    expect(bound).toBeCloseTo(win(55) + win(15), 12);
  });

  it('spends its calls where they save the most waiting', () => {
    // Two clusters far apart and two calls: one call right after each cluster.
    const orders = [
      { createdMs: 0, acceptedMs: 0 },
      { createdMs: 1, acceptedMs: 1 },
      { createdMs: 900, acceptedMs: 900 },
      { createdMs: 901, acceptedMs: 901 },
    ];
    const bound = bestExpectedWins({ orders, calls: 2, dispatchMs: 0, raceMeanMs: MEAN });
    expect(bound).toBeCloseTo(win(1) + win(0) + win(1) + win(0), 12);
    // The orders may come in any order: acceptance decides.
    const shuffled = [orders[2], orders[0], orders[3], orders[1]].filter((o) => o !== undefined);
    expect(bestExpectedWins({ orders: shuffled, calls: 2, dispatchMs: 0, raceMeanMs: MEAN })).toBe(
      bound,
    );
  });

  it('is never below what a real pacing of as many calls expected', () => {
    // Calls at 0 and 100 ms for orders accepted over the first 100 ms.
    const orders = Array.from({ length: 50 }, (_, i) => ({ createdMs: 2 * i, acceptedMs: 2 * i }));
    const actual = expectedWins(
      orders.map((o) => (o.acceptedMs === 0 ? 0 : 100 - o.createdMs)),
      MEAN,
    );
    const bound = bestExpectedWins({ orders, calls: 2, dispatchMs: 0, raceMeanMs: MEAN });
    expect(bound).toBeGreaterThan(actual);
    expect(bound).toBeLessThanOrEqual(orders.length);
  });

  it('expects nothing of no orders', () => {
    expect(bestExpectedWins({ orders: [], calls: 10, dispatchMs: 1, raceMeanMs: MEAN })).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { readsYield, type CancelTraffic } from './reads-yield.ts';

// Planet's 10 calls/s: a cancel call every 100 ms while a surge lasts.
const quiet: CancelTraffic = {
  waiting: 0,
  sinceClaimMs: null,
  inWindow: 0,
  max: 10,
  windowMs: 1_000,
};

describe('readsYield', () => {
  it.each<[string, Partial<CancelTraffic>, boolean]>([
    ['no cancel ever, an empty window', {}, false],
    ['a cancel waits', { waiting: 1 }, true],
    ['a cancel call took targets a spacing ago: the surge goes on', { sinceClaimMs: 100 }, true],
    ['just under two spacings since', { sinceClaimMs: 199 }, true],
    ['two spacings without a cancel call: the surge is over', { sinceClaimMs: 200 }, false],
    ['half the window used', { sinceClaimMs: 5_000, inWindow: 5 }, false],
    ['more than half the window used', { sinceClaimMs: 5_000, inWindow: 6 }, true],
  ])('%s → %s', (_, traffic, yields) => {
    expect(readsYield({ ...quiet, ...traffic })).toBe(yields);
  });

  it('scales the surge test with the limit: two spacings of PlanOmatic-like 100/60s are 1.2 s', () => {
    const slow = { ...quiet, max: 100, windowMs: 60_000 };
    expect(readsYield({ ...slow, sinceClaimMs: 1_100 })).toBe(true);
    expect(readsYield({ ...slow, sinceClaimMs: 1_200 })).toBe(false);
  });
});

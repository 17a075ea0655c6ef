import { describe, expect, it } from 'vitest';
import { throttleWaitMs } from './throttle-backoff.ts';

const FIVE_MINUTES = 300_000;

describe('throttleWaitMs', () => {
  it('honours Retry-After', () =>
    expect(throttleWaitMs(3, 1_000, 7_000, FIVE_MINUTES)).toEqual({
      waitMs: 7_000,
      capped: false,
    }));
  it('waits a whole window, doubling per consecutive 429, up to the cap', () => {
    expect([1, 2, 3].map((n) => throttleWaitMs(n, 1_000, null, FIVE_MINUTES).waitMs)).toEqual([
      1_000, 2_000, 4_000,
    ]);
    expect(throttleWaitMs(20, 60_000, null, FIVE_MINUTES)).toEqual({
      waitMs: FIVE_MINUTES,
      capped: true,
    });
  });
  it('caps a Retry-After far in the future, and says so', () => {
    const decades = Date.parse('2099-10-21T07:28:00Z') - Date.parse('2026-12-04T00:00:00Z');
    expect(throttleWaitMs(1, 1_000, decades, FIVE_MINUTES)).toEqual({
      waitMs: FIVE_MINUTES,
      capped: true,
    });
    expect(throttleWaitMs(1, 1_000, 2_000, 1_000)).toEqual({ waitMs: 1_000, capped: true });
  });
});

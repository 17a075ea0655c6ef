import { describe, expect, it } from 'vitest';
import { throttleWaitMs } from './throttle-backoff.ts';

describe('throttleWaitMs', () => {
  it('honours Retry-After', () => expect(throttleWaitMs(3, 1_000, 7_000)).toBe(7_000));
  it('waits a whole window, doubling per consecutive 429, capped at 5 minutes', () => {
    expect([1, 2, 3].map((n) => throttleWaitMs(n, 1_000, null))).toEqual([1_000, 2_000, 4_000]);
    expect(throttleWaitMs(20, 60_000, null)).toBe(300_000);
  });
});

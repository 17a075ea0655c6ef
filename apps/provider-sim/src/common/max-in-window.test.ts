import { describe, expect, it } from 'vitest';
import { maxInWindow } from './max-in-window.ts';

describe('maxInWindow', () => {
  it('is 0 for no calls and 1 for one', () => {
    expect(maxInWindow([], 1000)).toBe(0);
    expect(maxInWindow([42], 1000)).toBe(1);
  });

  it('uses half-open windows [t, t + w)', () => {
    expect(maxInWindow([0, 1000], 1000)).toBe(1);
    expect(maxInWindow([0, 999.999], 1000)).toBe(2);
  });

  it('finds the densest window wherever it is aligned', () => {
    // Five calls in [500, 1499.5) although no window aligned on whole seconds holds more than 3.
    const times = [0, 500, 700, 900, 1200, 1499.5, 2600, 2700];
    expect(maxInWindow(times, 1000)).toBe(5);
    expect(maxInWindow(times, 200.0001)).toBe(2);
    expect(maxInWindow(times, 10_000)).toBe(8);
  });

  it('sorts its input and counts equal timestamps', () => {
    expect(maxInWindow([1200, 0, 900, 500, 700], 1000)).toBe(4);
    expect(maxInWindow([5, 5, 5], 1)).toBe(3);
  });
});

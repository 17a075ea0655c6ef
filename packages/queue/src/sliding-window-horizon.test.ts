import { describe, expect, it } from 'vitest';
import { defaultHorizonMs } from './sliding-window-limiter.ts';

describe('defaultHorizonMs', () => {
  it.each([
    // [limit, margin, held at once, horizon]
    ['10/1s, nothing held: one second', 10, 1_000, 25, 0, 1_000],
    ['10/1s, 16 held: 16 + 3 spacings of 102.5 ms', 10, 1_000, 25, 16, 1_947.5],
    ['10/1s, 4 held: still the second', 10, 1_000, 25, 4, 1_000],
    ['100/60s, 16 held: 19 spacings of 606 ms', 100, 60_000, 600, 16, 11_514],
    ['20/2s, 16 held: 19 spacings of 101.25 ms', 20, 2_000, 25, 16, 1_923.75],
    ['5/200ms, 16 held: 19 spacings of 44 ms', 5, 200, 20, 16, 836],
    ['5/200ms, nothing held: the window', 5, 200, 20, 0, 200],
  ])('%s', (_name, max, durationMs, marginMs, held, horizon) => {
    expect(defaultHorizonMs(durationMs, max, marginMs, held)).toBeCloseTo(horizon, 6);
  });
});

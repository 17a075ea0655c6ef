import { describe, expect, it } from 'vitest';
import { keepsSpacing } from './keeps-spacing.ts';

const at10PerSecond = { windowMs: 1_025, max: 10 };

describe('keepsSpacing', () => {
  it.each([
    ['a surge is arriving: the last cancel call took targets 5 ms ago', false, 5, true],
    ['just under a spacing since the last cancel call', false, 102, true],
    ['a spacing since the last cancel call: it went, the next may go', false, 103, false],
    ['the last call of the group was long ago (a read since does not count)', false, 5_000, false],
    ['no cancel call of the group ever took targets', false, null, false],
    ['the call will fill: it goes as soon as the window allows', true, 5, false],
  ] as const)('%s → %s', (_name, full, sinceClaimMs, keeps) => {
    expect(keepsSpacing({ full, sinceClaimMs, ...at10PerSecond })).toBe(keeps);
  });
});

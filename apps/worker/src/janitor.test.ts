import { describe, expect, it } from 'vitest';
import { sweepIntervalMs } from './janitor.ts';

describe('sweepIntervalMs', () => {
  it('sweeps as often as the retention', () => expect(sweepIntervalMs(2_000)).toBe(2_000));
  it('at most once a second', () => expect(sweepIntervalMs(100)).toBe(1_000));
  it('at least once a minute', () => expect(sweepIntervalMs(30 * 24 * 3_600_000)).toBe(60_000));
});

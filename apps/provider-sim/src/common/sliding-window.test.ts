import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './sliding-window.ts';

describe('SlidingWindowLimiter', () => {
  it('refuses a call when the last duration_ms already holds max admitted calls', () => {
    const limiter = new SlidingWindowLimiter({ max: 2, duration_ms: 1000 });
    expect(limiter.tryAdmit(0)).toBe(true);
    expect(limiter.tryAdmit(500)).toBe(true);
    expect(limiter.tryAdmit(999.9)).toBe(false);
    // 0 is outside [1000 - 1000 exclusive, 1000]: a client pacing exactly at the limit passes.
    expect(limiter.tryAdmit(1000)).toBe(true);
    expect(limiter.tryAdmit(1499.9)).toBe(false);
    expect(limiter.tryAdmit(1500)).toBe(true);
  });

  it('does not give refused calls a slot', () => {
    const limiter = new SlidingWindowLimiter({ max: 1, duration_ms: 100 });
    expect(limiter.tryAdmit(0)).toBe(true);
    for (const t of [10, 20, 99]) expect(limiter.tryAdmit(t)).toBe(false);
    // Had the refusals at 10..99 taken slots, 100 would still be refused.
    expect(limiter.tryAdmit(100)).toBe(true);
  });

  it('applies a changed limit at once, keeping admitted history', () => {
    const limiter = new SlidingWindowLimiter({ max: 3, duration_ms: 1000 });
    expect([0, 1, 2].map((t) => limiter.tryAdmit(t))).toEqual([true, true, true]);
    limiter.limit = { max: 2, duration_ms: 1000 };
    expect(limiter.tryAdmit(3)).toBe(false);
    limiter.limit = { max: 4, duration_ms: 1000 };
    expect(limiter.tryAdmit(4)).toBe(true);
    expect(limiter.tryAdmit(5)).toBe(false);
  });

  it('never admits more than max in any window over a long random run', () => {
    const limiter = new SlidingWindowLimiter({ max: 5, duration_ms: 100 });
    const admitted: number[] = [];
    let t = 0;
    for (let i = 0; i < 20_000; i++) {
      t += Math.random() * 10;
      if (limiter.tryAdmit(t)) admitted.push(t);
    }
    for (let i = 5; i < admitted.length; i++) {
      expect(admitted[i]! - admitted[i - 5]!).toBeGreaterThanOrEqual(100);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { jobResult } from './job-result.ts';

const of = (
  ...outcomes: ('cancelled' | 'not_cancellable' | 'not_found' | 'failed' | 'pending')[]
) => outcomes.map((outcome) => ({ outcome }));

describe('jobResult', () => {
  it('says what a call settled in one line, and keeps only the counts that are not zero', () => {
    expect(jobResult(of('cancelled', 'failed', 'cancelled'))).toEqual({
      outcome: '2 cancelled · 1 failed',
      cancelled: 2,
      failed: 1,
    });
  });
  it('names the follow-up calls a job added', () => {
    expect(jobResult(of('pending', 'pending'), 2)).toEqual({
      outcome: '2 pending · 2 follow-up calls',
      pending: 2,
      follow_ups: 2,
    });
    expect(jobResult(of('not_cancellable'), 1).outcome).toBe(
      '1 not cancellable · 1 follow-up call',
    );
  });
  it('counts what the provider reported only as a number (Planet cancel-all)', () => {
    expect(jobResult(of('pending'), 1, 5)).toEqual({
      outcome: '5 cancelled · 1 pending · 1 follow-up call',
      cancelled: 5,
      pending: 1,
      follow_ups: 1,
    });
    expect(jobResult([])).toEqual({ outcome: 'nothing to settle' });
  });
});

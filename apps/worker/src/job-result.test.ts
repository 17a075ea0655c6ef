import { describe, expect, it } from 'vitest';
import { jobResult } from './job-result.ts';

const of = (
  ...outcomes: ('cancelled' | 'not_cancellable' | 'not_found' | 'failed' | 'pending')[]
) => outcomes.map((outcome) => ({ outcome }));

describe('jobResult', () => {
  it('says what a call settled in one line, naming only the counts that are not zero', () => {
    expect(jobResult(of('cancelled', 'failed', 'cancelled'))).toBe('2 cancelled · 1 failed');
    expect(jobResult(of('not_found'))).toBe('1 not found');
  });
  it('names the follow-up calls a job added', () => {
    expect(jobResult(of('pending', 'pending'), 2)).toBe('2 pending · 2 follow-up calls');
    expect(jobResult(of('not_cancellable'), 1)).toBe('1 not cancellable · 1 follow-up call');
  });
  it('counts what the provider reported only as a number (Planet cancel-all)', () => {
    expect(jobResult(of('pending'), 1, 5)).toBe('5 cancelled · 1 pending · 1 follow-up call');
    expect(jobResult([])).toBe('nothing to settle');
  });
});

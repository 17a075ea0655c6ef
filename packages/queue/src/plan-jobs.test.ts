import { describe, expect, it } from 'vitest';
import { chunk, planJobs } from './plan-jobs.ts';

const PER_CALL = { planet: 100, planomatic: 1, coinw: 20, hypertrack: 1 };
const LIMITS = { maxIdsPerCall: PER_CALL };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('chunk', () => {
  it('splits into runs of at most size, keeping order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
  it('never yields an empty run', () => {
    expect(chunk([], 3)).toEqual([]);
    expect(chunk([1], 100)).toEqual([[1]]);
  });
  it('refuses sizes that are not positive integers', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
    expect(() => chunk([1], 1.5)).toThrow(RangeError);
  });
});

describe('planJobs for Planet', () => {
  it('brings one shared call job per PLANET_BULK_MAX ids, carrying what waits', () => {
    const ids = Array.from({ length: 250 }, (_, i) => uuid(i));
    const jobs = planJobs({ provider: 'planet', order_ids: ids }, 'c1', LIMITS);
    expect(jobs.map((j) => j.data)).toEqual([
      { kind: 'planet.call', cancellationId: 'c1' },
      { kind: 'planet.call', cancellationId: 'c1' },
      { kind: 'planet.call', cancellationId: 'c1' },
    ]);
    expect(jobs.map((j) => j.jobId)).toEqual(['c1-1', 'c1-2', 'c1-3']);
    expect(jobs[2]?.name).toBe('planet · shared call 3/3 · 250 ids added, up to 100 a call');
  });
  it('sends cancel-all only for all_queued', () => {
    const jobs = planJobs({ provider: 'planet', all_queued: true }, 'c2', LIMITS);
    expect(jobs?.map((j) => j.data.kind)).toEqual(['planet.cancel_all_queued']);
  });
});

describe('planJobs for CoinW', () => {
  const ids = (n: number) =>
    Array.from({ length: n }, (_, i) => `3330875027088${String(i).padStart(4, '0')}`);
  it('brings one shared call job per 20 source_ids, keeping pos_type', () => {
    const jobs = planJobs(
      { provider: 'coinw', source_ids: ids(2_000), pos_type: 'plan' },
      'c4',
      LIMITS,
    );
    expect(jobs).toHaveLength(100);
    expect(
      jobs.every(
        (j) =>
          j.data.kind === 'coinw.call' && j.data.posType === 'plan' && j.data.carry === undefined,
      ),
    ).toBe(true);
    expect(jobs[99]?.name).toBe('coinw · shared call 100/100 · 2000 ids added, up to 20 a call');
  });
  it('may chunk smaller than 20 by configuration, never larger', () => {
    const request = { provider: 'coinw', source_ids: ids(45) } as const;
    expect(planJobs(request, 'c5', { maxIdsPerCall: { ...PER_CALL, coinw: 10 } })).toHaveLength(5);
    expect(planJobs(request, 'c5', { maxIdsPerCall: { ...PER_CALL, coinw: 50 } })).toHaveLength(3);
  });
});

describe('planJobs for the single-order providers', () => {
  it('PlanOmatic: one call; request_id names the target when both ids are given', () => {
    const [job, ...rest] = planJobs(
      {
        provider: 'planomatic',
        order_id: '654321',
        request_id: 'req-9',
        cancelation_reason: 'duplicate_order',
        notes: 'dup',
      },
      'c6',
      LIMITS,
    );
    expect(rest).toEqual([]);
    expect(job?.data).toEqual({
      kind: 'planomatic.cancel',
      cancellationId: 'c6',
      orderId: '654321',
      requestId: 'req-9',
      reason: 'duplicate_order',
      notes: 'dup',
    });
    expect(job?.name).toBe('planomatic · request req-9');
  });
  it('HyperTrack: one call carrying the selectors that were given', () => {
    const jobs = planJobs(
      { provider: 'hypertrack', order_handle: 'a/b c', type: 'pick', type_index: 0 },
      'c7',
      LIMITS,
    );
    expect(jobs.map((j) => j.data)).toEqual([
      {
        kind: 'hypertrack.cancel',
        cancellationId: 'c7',
        orderHandle: 'a/b c',
        type: 'pick',
        typeIndex: 0,
      },
    ]);
  });
});

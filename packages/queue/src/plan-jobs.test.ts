import { describe, expect, it } from 'vitest';
import { chunk, planJobs } from './plan-jobs.ts';

const LIMITS = { planetBulkMax: 100, coinwBatchMax: 20 };
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
  it('makes one job per bulk call of at most PLANET_BULK_MAX ids', () => {
    const ids = Array.from({ length: 250 }, (_, i) => uuid(i));
    const jobs = planJobs({ provider: 'planet', order_ids: ids }, 'c1', LIMITS);
    expect(jobs.map((j) => (j.data.kind === 'planet.cancel' ? j.data.orderIds.length : 0))).toEqual(
      [100, 100, 50],
    );
    expect(jobs.map((j) => j.jobId)).toEqual(['c1-1', 'c1-2', 'c1-3']);
    expect(jobs[2]?.name).toBe('planet · 50 ids · chunk 3/3');
    expect(jobs.flatMap((j) => (j.data.kind === 'planet.cancel' ? j.data.orderIds : []))).toEqual(
      ids,
    );
  });
  it('sends cancel-all only for all_queued', () => {
    const jobs = planJobs({ provider: 'planet', all_queued: true }, 'c2', LIMITS);
    expect(jobs?.map((j) => j.data.kind)).toEqual(['planet.cancel_all_queued']);
  });
});

describe('planJobs for CoinW', () => {
  const ids = (n: number) =>
    Array.from({ length: n }, (_, i) => `3330875027088${String(i).padStart(4, '0')}`);
  it('chunks source_ids into calls of at most 20, keeping order and pos_type', () => {
    const sourceIds = ids(2_000);
    const jobs = planJobs(
      { provider: 'coinw', source_ids: sourceIds, pos_type: 'plan' },
      'c4',
      LIMITS,
    );
    expect(jobs).toHaveLength(100);
    const data = jobs.map((j) => (j.data.kind === 'coinw.cancel' ? j.data : null));
    expect(data.every((d) => d !== null && d.sourceIds.length === 20 && d.posType === 'plan')).toBe(
      true,
    );
    expect(data.flatMap((d) => d?.sourceIds ?? [])).toEqual(sourceIds);
    expect(jobs[99]?.name).toBe('coinw · 20 ids · chunk 100/100');
  });
  it('may chunk smaller than 20 by configuration, never larger', () => {
    const request = { provider: 'coinw', source_ids: ids(45) } as const;
    expect(planJobs(request, 'c5', { ...LIMITS, coinwBatchMax: 10 })).toHaveLength(5);
    expect(planJobs(request, 'c5', { ...LIMITS, coinwBatchMax: 50 })).toHaveLength(3);
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

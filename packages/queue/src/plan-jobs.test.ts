import { describe, expect, it } from 'vitest';
import { chunk, planJobs } from './plan-jobs.ts';

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
    const jobs =
      planJobs({ provider: 'planet', order_ids: ids }, 'c1', { planetBulkMax: 100 }) ?? [];
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
    const jobs = planJobs({ provider: 'planet', all_queued: true }, 'c2', { planetBulkMax: 100 });
    expect(jobs?.map((j) => j.data.kind)).toEqual(['planet.cancel_all_queued']);
  });
  it('returns null for a provider without a worker side', () => {
    expect(
      planJobs({ provider: 'hypertrack', order_handle: 'h' }, 'c3', { planetBulkMax: 100 }),
    ).toBeNull();
  });
});

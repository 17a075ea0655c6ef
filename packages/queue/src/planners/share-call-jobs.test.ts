import { describe, expect, it } from 'vitest';
import type { CancellationRequest } from '@cancelq/contracts';
import { planJobs } from '../plan-jobs.ts';
import { shareCallJobs } from './shared-calls.ts';

const LIMITS = { maxIdsPerCall: { planet: 100, planomatic: 1, coinw: 20, hypertrack: 1 } };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const planetOrders = (from: number, n: number): CancellationRequest => ({
  provider: 'planet',
  order_ids: Array.from({ length: n }, (_, i) => uuid(from + i)),
});

/** The jobs of cancellations c1, c2, … written in one transaction. */
function shared(requests: CancellationRequest[]) {
  return shareCallJobs(requests.map((request, i) => planJobs(request, `c${i + 1}`, LIMITS)));
}

describe('shareCallJobs', () => {
  it('1,000 single-order Planet cancellations share 10 call jobs: the first ones planned', () => {
    const jobs = shared(Array.from({ length: 1_000 }, (_, i) => planetOrders(i, 1)));
    expect(jobs.flat().map((j) => j.jobId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `c${i + 1}-1`),
    );
    expect(jobs.flat()[9]?.name).toBe(
      'planet · shared call 10/10 · 1000 ids added by 1000 cancellations, up to 100 a call',
    );
    expect(jobs.slice(10).every((ofOne) => ofOne.length === 0)).toBe(true);
  });

  it('adds as many jobs as the targets of the group need together, never fewer', () => {
    // 150 + 1 + 49 + 1 targets: 201 need 3 calls of 100; one each would be 2 + 1 + 1 + 1.
    const jobs = shared([planetOrders(0, 150), planetOrders(200, 1), planetOrders(300, 49)]);
    expect(jobs.flat().map((j) => j.jobId)).toEqual(['c1-1', 'c1-2']);
    const more = shared([
      planetOrders(0, 150),
      planetOrders(200, 1),
      planetOrders(300, 49),
      planetOrders(400, 1),
    ]);
    expect(more.flat().map((j) => j.jobId)).toEqual(['c1-1', 'c1-2', 'c2-1']);
  });

  it('shares only within a call group: accounts and CoinW pos_types apart', () => {
    const jobs = shared([
      { provider: 'coinw', source_ids: ['1'] },
      { provider: 'coinw', source_ids: ['2'], pos_type: 'plan' },
      { provider: 'coinw', source_ids: ['3'] },
      { provider: 'coinw', source_ids: ['4'], account: 'desk-b' },
      { provider: 'planet', order_ids: [uuid(1)] },
    ]);
    expect(jobs.map((ofOne) => ofOne.map((j) => j.jobId))).toEqual([
      ['c1-1'],
      ['c2-1'],
      [],
      ['c4-1'],
      ['c5-1'],
    ]);
    expect(jobs[1]?.[0]?.data).toMatchObject({ kind: 'coinw.call', posType: 'plan' });
  });

  it('leaves a lone cancellation, and jobs of calls not shared, as planned', () => {
    const lone = [planetOrders(0, 250)];
    expect(shared(lone)).toEqual(lone.map((request) => planJobs(request, 'c1', LIMITS)));
    const mixed = shared([
      { provider: 'hypertrack', order_handle: 'h-1' },
      { provider: 'hypertrack', order_handle: 'h-2' },
      { provider: 'planet', all_queued: true },
      { provider: 'planet', all_queued: true },
    ]);
    expect(mixed.map((ofOne) => ofOne.map((j) => j.jobId))).toEqual([
      ['c1-1'],
      ['c2-1'],
      ['c3-all'],
      ['c4-all'],
    ]);
  });
});

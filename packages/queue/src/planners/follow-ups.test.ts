// Bull Board shows these names and tests look jobs up by these ids: they are a contract.
import { describe, expect, it } from 'vitest';
import type { CarriedTarget, SharedCallJob } from '@cancelq/contracts';
import { coinwHalfJobs } from './coinw-follow-ups.ts';
import { sharedCallHalfJobs, sharedCallRetryJob } from './shared-call-follow-ups.ts';
import * as planet from './planet-follow-ups.ts';

describe("Planet's follow-ups", () => {
  it('reads wait behind every cancel; cancels do not', () => {
    expect(planet.reconcileJob('c1', 'o1')).toEqual({
      queue: 'planet',
      jobId: 'c1-r-o1',
      name: 'planet · reconcile o1',
      data: { kind: 'planet.reconcile', cancellationId: 'c1', orderId: 'o1' },
      priority: 10,
    });
    expect(planet.allQueuedRetryJob('c1', ['o1', 'o2'])).toEqual({
      queue: 'planet',
      jobId: 'c1-all-retry',
      name: 'planet · 2 ids · retry of all queued',
      data: { kind: 'planet.cancel', cancellationId: 'c1', orderIds: ['o1', 'o2'] },
    });
  });

  it('settles from 10 s before the refusal, page after page', () => {
    const from: SharedCallJob = { kind: 'planet.call', cancellationId: 'c1' };
    const first = planet.settleJob('c1-1', from, Date.parse('2026-01-01T00:00:10.000Z'));
    expect(first).toMatchObject({ jobId: 'c1-1-settle', priority: 10 });
    expect(first.name).toBe('planet · settle refused orders (lost races) · page 1');
    expect(first.data).toEqual({
      kind: 'planet.settle',
      cancellationId: 'c1',
      since: '2026-01-01T00:00:00.000Z',
    });
    if (first.data.kind !== 'planet.settle') throw new Error('not a settle job');
    const next = planet.settleNextPageJob(
      first.jobId,
      { ...first.data, throttled: 2 },
      [],
      'q=2',
      3,
    );
    expect(next).toMatchObject({ jobId: 'c1-1-settle-next', priority: 10 });
    expect(next.data).toEqual({
      ...first.data,
      carry: [],
      pinned: true,
      pageQuery: 'q=2',
      pagesLeft: 3,
    });
  });
});

describe("CoinW's legacy chunk halves", () => {
  it('splits the ids, first half rounded up, and names each half after its chunk', () => {
    const [a, b] = coinwHalfJobs({
      kind: 'coinw.cancel',
      cancellationId: 'c1',
      sourceIds: ['1', '2', '3'],
      chunk: 2,
      chunks: 4,
      half: 'a',
      throttled: 1,
    });
    expect(a).toMatchObject({ jobId: 'c1-2-aa', name: 'coinw · 2 ids · chunk 2/4 · half aa' });
    expect(a.data).toMatchObject({ sourceIds: ['1', '2'], half: 'aa' });
    expect(b).toMatchObject({ jobId: 'c1-2-ab', name: 'coinw · 1 id · chunk 2/4 · half ab' });
    expect(b.data).not.toHaveProperty('throttled');
  });
});

describe("A shared call's retry and halves", () => {
  const from = {
    jobId: 'c1-3',
    queueName: 'coinw@desk-a',
    provider: 'coinw',
    payload: { kind: 'coinw.call', cancellationId: 'c1', throttled: 1 },
  } as const;
  const carry: CarriedTarget[] = [
    ['c1', 'x', 2],
    ['c2', 'x', 0],
    ['c1', 'y', 1],
  ];

  it('retries after a backoff, keeping the 429 count', () => {
    const retry = sharedCallRetryJob(from, carry, 1_000);
    expect(retry).toMatchObject({
      jobId: 'c1-3-retry',
      name: 'coinw@desk-a · retry of 3 ids · try 3',
    });
    expect(retry.data).toEqual({ ...from.payload, carry });
    expect(retry.delay).toBeGreaterThan(0);
  });

  it('splits by id, an id carried for two cancellations on one side', () => {
    const [a, b] = sharedCallHalfJobs(from, carry);
    expect(a).toMatchObject({
      jobId: 'c1-3-a',
      name: 'coinw@desk-a · 1 id · half a of a split call',
    });
    expect(a?.data).toEqual({
      kind: 'coinw.call',
      cancellationId: 'c1',
      carry: carry.slice(0, 2),
      pinned: true,
      half: 'a',
    });
    expect(b).toMatchObject({ jobId: 'c1-3-b', data: { carry: [['c1', 'y', 1]], half: 'b' } });
  });
});

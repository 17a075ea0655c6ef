import type { Job } from 'bullmq';
import { callGroupKey, jobPayloadOf, type CallGroup } from '@cancelq/contracts';
import { poolKeys } from '@cancelq/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_TOKEN,
  BOARD_PASSWORD,
  expectNoNewWork,
  issuePaths,
  startApi,
  uuid,
  workInRedis,
  type Accepted,
  type TestApi,
} from './harness.ts';

const PLANET_API_KEY = 'planet-key-c0ffee-51d2';
let api: TestApi;

beforeAll(async () => {
  api = await startApi({
    label: 'planet-jobs',
    env: { PLANET_BULK_MAX: '100', PLANET_API_KEY, CANCELQ_MAX_ATTEMPTS: '5' },
  });
});
afterAll(async () => {
  await api.close();
});

async function accept(body: unknown): Promise<Accepted> {
  const res = await api.post('/v1/cancellations', body);
  expect(res.status).toBe(202);
  return (await res.json()) as Accepted;
}

/** The planet jobs of one cancellation, in chunk order. */
async function jobsOf(cancellationId: string): Promise<Job[]> {
  const jobs = await api.deps.queues.planet.getJobs(['waiting', 'prioritized', 'delayed']);
  return jobs
    .filter((job) => job.id?.startsWith(cancellationId))
    .sort((a, b) => (a.id ?? '').localeCompare(b.id ?? '', 'en', { numeric: true }));
}

function expectNoCredential(job: Job): void {
  const text = JSON.stringify([job.data as unknown, job.name, job.opts]);
  for (const secret of [PLANET_API_KEY, API_TOKEN, BOARD_PASSWORD]) {
    expect(text).not.toContain(secret);
  }
}

/** The ids of one cancellation waiting in a call group's pool, in the order they will go. */
async function waiting(cancellationId: string, group: CallGroup): Promise<string[]> {
  const members = await api.redis.zrange(poolKeys(api.prefix, callGroupKey(group)).pool, 0, -1);
  const mine = `${cancellationId}\t`;
  return members.filter((m) => m.startsWith(mine)).map((m) => m.slice(mine.length));
}

const PLANET: CallGroup = { provider: 'planet', account: 'default' };

describe('planet order_ids', () => {
  it('250 ids with PLANET_BULK_MAX=100 → they wait to be carried, and 3 shared call jobs come with them', async () => {
    const orderIds = Array.from({ length: 250 }, (_, i) => uuid(1_000 + i));
    const before = await workInRedis(api);
    const { id, total } = await accept({ provider: 'planet', order_ids: orderIds });
    expect(total).toBe(250);

    const jobs = await jobsOf(id);
    expect(jobs.map((job) => job.id)).toEqual([`${id}-1`, `${id}-2`, `${id}-3`]);
    for (const job of jobs) {
      // The job's id names its cancellation: its data does not say it again.
      expect(job.data).toEqual({ kind: 'planet.call' });
      expect(jobPayloadOf(job).data).toEqual({ kind: 'planet.call', cancellationId: id });
      expectNoCredential(job);
      expect(job.opts.attempts).toBe(5);
    }
    expect(await waiting(id, PLANET)).toEqual(orderIds);
    const after = await workInRedis(api);
    expect(after.jobs).toEqual({ ...before.jobs, planet: before.jobs.planet + 3 });
  });

  it.each([
    [100, 1],
    [101, 2],
    [1, 1],
  ])('%i ids → %i call jobs', async (count, calls) => {
    const orderIds = Array.from({ length: count }, (_, i) => uuid(5_000 + i));
    const { id } = await accept({ provider: 'planet', order_ids: orderIds });
    expect(await jobsOf(id)).toHaveLength(calls);
    expect(await waiting(id, PLANET)).toEqual(orderIds);
  });

  it('merges duplicates before they wait', async () => {
    const unique = Array.from({ length: 100 }, (_, i) => uuid(7_000 + i));
    const { id, total } = await accept({
      provider: 'planet',
      order_ids: [...unique, ...unique.slice(0, 50).map((u) => u.toUpperCase())],
    });
    expect(total).toBe(100);
    expect(await jobsOf(id)).toHaveLength(1);
    expect(await waiting(id, PLANET)).toEqual(unique);
  });
});

describe('planet all_queued', () => {
  it('true → one planet.cancel_all_queued job and total null', async () => {
    const before = await workInRedis(api);
    const accepted = await accept({ provider: 'planet', all_queued: true });
    expect(accepted.total).toBeNull();
    const jobs = await jobsOf(accepted.id);
    expect(jobs.map((job) => job.id)).toEqual([`${accepted.id}-all`]);
    expect(jobs[0]?.data).toEqual({ kind: 'planet.cancel_all_queued' });
    expectNoCredential(jobs[0] as Job);
    expect((await workInRedis(api)).jobs.planet).toBe(before.jobs.planet + 1);
  });

  it('false → 400 at all_queued, nothing enqueued', async () => {
    const paths = await expectNoNewWork(api, async () =>
      issuePaths(await api.post('/v1/cancellations', { provider: 'planet', all_queued: false })),
    );
    expect(paths).toEqual(['all_queued']);
  });
});

describe('the other providers', () => {
  async function jobsIn(queue: 'coinw' | 'planomatic' | 'hypertrack', cancellationId: string) {
    const jobs = await api.deps.queues[queue].getJobs(['waiting', 'prioritized', 'delayed']);
    return jobs
      .filter((job) => job.id?.startsWith(cancellationId))
      .sort((a, b) => (a.id ?? '').localeCompare(b.id ?? '', 'en', { numeric: true }));
  }

  it('coinw: 45 ids → 3 shared call jobs, the ids waiting in the pos_type group', async () => {
    const sourceIds = Array.from(
      { length: 45 },
      (_, i) => `3330875027088${String(i).padStart(4, '0')}`,
    );
    const { id, total } = await accept({
      provider: 'coinw',
      source_ids: sourceIds,
      pos_type: 'plan',
    });
    expect(total).toBe(45);
    const jobs = await jobsIn('coinw', id);
    expect(jobs.map((job) => job.name)).toEqual([
      'coinw · shared call 1/3 · 45 ids added, up to 20 a call',
      'coinw · shared call 2/3 · 45 ids added, up to 20 a call',
      'coinw · shared call 3/3 · 45 ids added, up to 20 a call',
    ]);
    expect(jobs[2]?.data).toEqual({ kind: 'coinw.call', posType: 'plan' });
    expect(await waiting(id, { provider: 'coinw', account: 'default', posType: 'plan' })).toEqual(
      sourceIds,
    );
    expect(await waiting(id, { provider: 'coinw', account: 'default' })).toEqual([]);
  });

  it('planomatic: one job that names both ids, request_id first', async () => {
    const { id } = await accept({
      provider: 'planomatic',
      order_id: '654321',
      request_id: 'r-1',
      cancelation_reason: 'client_requested_cancelation',
      notes: 'n',
    });
    const jobs = await jobsIn('planomatic', id);
    expect(jobs.map((job) => [job.name, job.data as unknown])).toEqual([
      [
        'planomatic · request r-1',
        {
          kind: 'planomatic.cancel',
          orderId: '654321',
          requestId: 'r-1',
          reason: 'client_requested_cancelation',
          notes: 'n',
        },
      ],
    ]);
    const record = await api.get(`/v1/cancellations/${id}`);
    expect(
      ((await record.json()) as { targets: { id: string }[] }).targets.map((t) => t.id),
    ).toEqual(['r-1']);
  });

  it('hypertrack: one job with the selectors given', async () => {
    const { id } = await accept({
      provider: 'hypertrack',
      order_handle: 'order 1/ü',
      type: 'drop',
      fulfillment_attempt: 0,
    });
    const jobs = await jobsIn('hypertrack', id);
    expect(jobs.map((job) => job.data as unknown)).toEqual([
      {
        kind: 'hypertrack.cancel',
        orderHandle: 'order 1/ü',
        type: 'drop',
        fulfillmentAttempt: 0,
      },
    ]);
  });
});

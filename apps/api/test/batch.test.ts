import { callGroupKey } from '@cancelq/contracts';
import { poolKeys } from '@cancelq/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoNewWork,
  issuePaths,
  startApi,
  uuid,
  workInRedis,
  type Accepted,
  type TestApi,
} from './harness.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startApi({ label: 'batch' });
});
afterAll(async () => {
  await api.close();
});

const planet = (...ns: number[]) => ({ provider: 'planet', order_ids: ns.map(uuid) });
const planomatic = {
  provider: 'planomatic',
  order_id: '654321',
  cancelation_reason: 'duplicate_order',
  notes: 'duplicate',
};

const postBatch = (body: unknown) => api.post('/v1/cancellations/batch', body);
const PLANET_POOL = () =>
  poolKeys(api.prefix, callGroupKey({ provider: 'planet', account: 'default' })).pool;

describe('a valid batch', () => {
  it('answers 202 with one accepted body per entry, in order', async () => {
    const before = await workInRedis(api);
    const entries = [
      planet(1),
      planet(2, 3, 4),
      { provider: 'planet', all_queued: true },
      planet(5, 6),
    ];
    const res = await postBatch({ cancellations: entries });
    expect(res.status).toBe(202);
    const { cancellations } = (await res.json()) as { cancellations: Accepted[] };
    expect(cancellations.map((c) => c.total)).toEqual([1, 3, null, 2]);
    for (const c of cancellations) {
      expect(c).toEqual({
        id: c.id,
        provider: 'planet',
        account: 'default',
        state: 'queued',
        total: c.total,
        links: { self: `/v1/cancellations/${c.id}` },
      });
    }
    expect(new Set(cancellations.map((c) => c.id)).size).toBe(4);

    // Each entry is its own cancellation, readable by its link, with its own request.
    const stored = await Promise.all(
      cancellations.map(
        async (c) => (await (await api.get(c.links.self)).json()) as { request: unknown },
      ),
    );
    expect(stored.map((s) => s.request)).toEqual(entries);
    const after = await workInRedis(api);
    expect(after.indexed).toBe(before.indexed + 4);
    // The three cancellations by id share their call group's calls: 6 ids need one call job
    // (PLANET_BULK_MAX 100), beside the cancel-all's own.
    expect(after.jobs.planet).toBe(before.jobs.planet + 2);
  });

  it('accepts 1000 entries', async () => {
    const before = await workInRedis(api);
    const waitingBefore = await api.redis.zcard(PLANET_POOL());
    const entries = Array.from({ length: 1_000 }, (_, i) => planet(i));
    const res = await postBatch({ cancellations: entries });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { cancellations: Accepted[] }).cancellations).toHaveLength(1_000);
    const after = await workInRedis(api);
    expect(after.indexed).toBe(before.indexed + 1_000);
    // 1,000 orders at 100 a call: 10 call jobs carry them all, whichever cancellation each is of.
    expect(after.jobs.planet).toBe(before.jobs.planet + 10);
    expect(await api.redis.zcard(PLANET_POOL())).toBe(waitingBefore + 1_000);
  });
});

describe('all or nothing', () => {
  it('one invalid entry → 400 naming its index and field; nothing is enqueued', async () => {
    const entries = [planet(1), planet(2), { provider: 'planet', order_ids: ['nope'] }, planet(4)];
    const paths = await expectNoNewWork(api, async () =>
      issuePaths(await postBatch({ cancellations: entries })),
    );
    expect(paths).toEqual(['cancellations.2.order_ids.0']);
  });

  it('names the field of an entry of any provider', async () => {
    const entries = [planet(1), planet(2), planet(3), { ...planomatic, notes: '' }];
    const paths = await expectNoNewWork(api, async () =>
      issuePaths(await postBatch({ cancellations: entries })),
    );
    expect(paths).toEqual(['cancellations.3.notes']);
  });

  it('names every invalid entry', async () => {
    const entries = [{ provider: 'acme' }, planet(1), { provider: 'hypertrack' }, 'x'];
    const paths = await expectNoNewWork(api, async () =>
      issuePaths(await postBatch({ cancellations: entries })),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'cancellations.0.provider',
        'cancellations.2.order_handle',
        'cancellations.3',
      ]),
    );
    expect(paths.some((path) => path.startsWith('cancellations.1'))).toBe(false);
  });

  it('entries for different providers are accepted together, in order', async () => {
    const res = await postBatch({ cancellations: [planet(1), planomatic, planet(2)] });
    expect(res.status).toBe(202);
    const { cancellations } = (await res.json()) as { cancellations: Accepted[] };
    expect(cancellations.map((c) => c.provider)).toEqual(['planet', 'planomatic', 'planet']);
  });
});

describe('the batch envelope', () => {
  it.each([
    ['1001 entries', { cancellations: Array.from({ length: 1_001 }, (_, i) => planet(i)) }],
    ['no entries', { cancellations: [] }],
    ['no cancellations field', {}],
    ['cancellations that is not an array', { cancellations: planet(1) }],
    ['a single body instead of a batch', planet(1)],
  ])('%s → 400 at cancellations', async (_name, body) => {
    const paths = await expectNoNewWork(api, async () => issuePaths(await postBatch(body)));
    expect(paths).toContain('cancellations');
  });

  it('rejects unknown top-level fields', async () => {
    await expectNoNewWork(api, async () =>
      issuePaths(await postBatch({ cancellations: [planet(1)], dry_run: true })),
    );
  });
});

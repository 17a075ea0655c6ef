import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cancellation, CancellationSummary } from '@cancelq/contracts';
import { acceptCancellations } from '@cancelq/queue';
import { waitFor } from '@cancelq/test-utils';
import { errorOf, issuePaths, startApi, uuid, type Accepted, type TestApi } from './harness.ts';

interface ListPage {
  cancellations: CancellationSummary[];
  next_cursor: string | null;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

async function accept(api: TestApi, body: unknown): Promise<Accepted> {
  const res = await api.post('/v1/cancellations', body);
  expect(res.status).toBe(202);
  return (await res.json()) as Accepted;
}

/** Accepts cancellations one after another, each in a later millisecond than the one before. */
async function acceptInOrder(api: TestApi, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await accept(api, { provider: 'planet', order_ids: [uuid(i)] })).id);
    const answeredAt = Date.now();
    await waitFor(() => Date.now() > answeredAt, { intervalMs: 1 });
  }
  return ids;
}

async function list(api: TestApi, query = ''): Promise<ListPage> {
  const res = await api.get(`/v1/cancellations${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ListPage;
}

describe('GET /v1/cancellations/{id}', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ label: 'read-one' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers the cancellation with its targets in request order and a summary', async () => {
    // Over 128 targets Redis keeps the hash unordered, so the order must come from the request.
    const orderIds = Array.from({ length: 200 }, (_, i) => uuid((i * 37) % 200));
    const accepted = await accept(api, { provider: 'planet', order_ids: orderIds });
    const res = await api.get(`/v1/cancellations/${accepted.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Cancellation;
    expect(body).toMatchObject({
      id: accepted.id,
      provider: 'planet',
      state: 'queued',
      completed_at: null,
      request: { provider: 'planet', order_ids: orderIds },
      summary: {
        total: 200,
        cancelled: 0,
        not_cancellable: 0,
        not_found: 0,
        failed: 0,
        pending: 200,
      },
    });
    expect(body.created_at).toMatch(ISO);
    expect(body.updated_at).toMatch(ISO);
    expect(body.targets.map((t) => t.id)).toEqual(orderIds);
    for (const target of body.targets) {
      expect(target).toEqual({
        id: target.id,
        outcome: 'pending',
        attempts: 0,
        detail: null,
        updated_at: body.created_at,
      });
    }
  });

  it('shows outcomes as they are recorded, still in request order', async () => {
    const orderIds = [uuid(3), uuid(1), uuid(2)];
    const { id } = await accept(api, { provider: 'planet', order_ids: orderIds });
    await api.deps.store.resolve(id, [
      { id: uuid(1), outcome: 'cancelled', attempts: 1 },
      { id: uuid(2), outcome: 'failed', detail: 'HTTP 502 after 8 attempts', attempts: 8 },
    ]);
    const partial = (await (await api.get(`/v1/cancellations/${id}`)).json()) as Cancellation;
    expect(partial.state).toBe('in_progress');
    expect(partial.targets.map((t) => [t.id, t.outcome])).toEqual([
      [uuid(3), 'pending'],
      [uuid(1), 'cancelled'],
      [uuid(2), 'failed'],
    ]);
    expect(partial.summary).toEqual({
      total: 3,
      cancelled: 1,
      not_cancellable: 0,
      not_found: 0,
      failed: 1,
      pending: 1,
    });

    await api.deps.store.resolve(id, [{ id: uuid(3), outcome: 'not_found', attempts: 1 }]);
    const done = (await (await api.get(`/v1/cancellations/${id}`)).json()) as Cancellation;
    expect(done.state).toBe('completed');
    expect(done.completed_at).toMatch(ISO);
    expect(done.summary.pending).toBe(0);
  });

  it('answers all_queued with total null and no targets yet', async () => {
    const { id } = await accept(api, { provider: 'planet', all_queued: true });
    const body = (await (await api.get(`/v1/cancellations/${id}`)).json()) as Cancellation;
    expect(body.request).toEqual({ provider: 'planet', all_queued: true });
    expect(body.summary.total).toBeNull();
    expect(body.targets).toEqual([]);
    expect(body.state).toBe('queued');
  });

  it.each([
    ['an unknown UUID', randomUUID()],
    ['a word', 'nope'],
    ['a very long id', 'x'.repeat(5_000)],
    ['an index key suffix', `${randomUUID()}:targets`],
  ])('%s → 404 not_found', async (_name, id) => {
    const res = await api.get(`/v1/cancellations/${encodeURIComponent(id)}`);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).error).toBe('not_found');
  });
});

describe('GET /v1/cancellations', () => {
  let api: TestApi;
  let created: string[];
  beforeAll(async () => {
    api = await startApi({ label: 'read-list' });
    created = await acceptInOrder(api, 7);
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists newest first, as summaries without targets', async () => {
    const page = await list(api);
    expect(page.cancellations.map((c) => c.id)).toEqual([...created].reverse());
    expect(page.next_cursor).toBeNull();
    for (const summary of page.cancellations) {
      expect(summary).not.toHaveProperty('targets');
      expect(summary.summary).toEqual({
        total: 1,
        cancelled: 0,
        not_cancellable: 0,
        not_found: 0,
        failed: 0,
        pending: 1,
      });
      expect(summary.request).toMatchObject({ provider: 'planet' });
    }
  });

  it('honours limit and hands out a cursor', async () => {
    const page = await list(api, '?limit=2');
    expect(page.cancellations.map((c) => c.id)).toEqual([created[6], created[5]]);
    expect(page.next_cursor).toEqual(expect.any(String));
  });

  it('pages through 7 items 3 at a time, each exactly once, in order', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await list(api, query);
      sizes.push(page.cancellations.length);
      seen.push(...page.cancellations.map((c) => c.id));
      cursor = page.next_cursor;
    } while (cursor !== null && sizes.length < 10);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([...created].reverse());
  });

  it('a page that ends exactly at the last item ends the paging', async () => {
    const first = await list(api, '?limit=7');
    expect(first.cancellations).toHaveLength(7);
    if (first.next_cursor !== null) {
      const rest = await list(api, `?limit=7&cursor=${encodeURIComponent(first.next_cursor)}`);
      expect(rest).toEqual({ cancellations: [], next_cursor: null });
    }
  });

  it.each([
    ['limit 0', '?limit=0', 'limit'],
    ['limit 501', '?limit=501', 'limit'],
    ['a fractional limit', '?limit=2.5', 'limit'],
    ['a word for limit', '?limit=ten', 'limit'],
    ['an empty limit', '?limit=', 'limit'],
    ['a repeated limit', '?limit=2&limit=3', 'limit'],
    ['an unknown provider', '?provider=acme', 'provider'],
    ['an unknown state', '?state=done', 'state'],
    ['a cursor not from this API', '?cursor=not-a-cursor', 'cursor'],
    ['a cursor of base64 garbage', `?cursor=${Buffer.from('1:x').toString('base64url')}`, 'cursor'],
    ['an unknown parameter', '?page=2', ''],
  ])('%s → 400 validation_error', async (_name, query, path) => {
    const paths = await issuePaths(await api.get(`/v1/cancellations${query}`));
    expect(paths).toContain(path);
  });

  it('accepts the limit bounds 1 and 500', async () => {
    expect((await list(api, '?limit=1')).cancellations).toHaveLength(1);
    expect((await list(api, '?limit=500')).cancellations).toHaveLength(7);
  });
});

describe('GET /v1/cancellations default limit', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ label: 'read-default' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('is 50', async () => {
    const entries = Array.from({ length: 51 }, (_, i) => ({
      provider: 'planet',
      order_ids: [uuid(i)],
    }));
    expect((await api.post('/v1/cancellations/batch', { cancellations: entries })).status).toBe(
      202,
    );
    const page = await list(api);
    expect(page.cancellations).toHaveLength(50);
    expect(page.next_cursor).not.toBeNull();
    const rest = await list(api, `?cursor=${encodeURIComponent(page.next_cursor ?? '')}`);
    expect(rest.cancellations).toHaveLength(1);
    const all = new Set([...page.cancellations, ...rest.cancellations].map((c) => c.id));
    expect(all.size).toBe(51);
  });
});

describe('GET /v1/cancellations filters', () => {
  let api: TestApi;
  const ids = { completed: '', inProgress: '', queued: '', coinw: '' };

  beforeAll(async () => {
    api = await startApi({ label: 'read-filter' });
    const [completed, inProgress, queued] = await acceptInOrder(api, 3);
    ids.completed = completed ?? '';
    ids.inProgress = inProgress ?? '';
    ids.queued = queued ?? '';
    // Only Planet is accepted over HTTP today; a coinw record is written the way the API
    // writes one, so the provider filter has something to tell apart.
    ids.coinw = randomUUID();
    await acceptCancellations(api.deps.queueOf, api.prefix, api.deps.jobDefaults, [
      {
        cancellation: {
          id: ids.coinw,
          provider: 'coinw',
          request: { provider: 'coinw', source_ids: ['1', '2'] },
          targetIds: ['1', '2'],
          createdAt: new Date(),
        },
        jobs: [],
      },
    ]);
    await api.deps.store.resolve(ids.completed, [{ id: uuid(0), outcome: 'cancelled' }]);
    await api.deps.store.resolve(ids.inProgress, [
      { id: uuid(1), outcome: 'pending', attempts: 1 },
    ]);
    await api.deps.store.resolve(ids.coinw, [{ id: '1', outcome: 'cancelled' }]);
  });
  afterAll(async () => {
    await api.close();
  });

  const idsOf = async (query: string) =>
    (await list(api, query)).cancellations.map((c) => [c.provider, c.state, c.id]);

  it('provider', async () => {
    expect(await idsOf('?provider=coinw')).toEqual([['coinw', 'in_progress', ids.coinw]]);
    expect(await idsOf('?provider=planet')).toEqual([
      ['planet', 'queued', ids.queued],
      ['planet', 'in_progress', ids.inProgress],
      ['planet', 'completed', ids.completed],
    ]);
    expect(await list(api, '?provider=hypertrack')).toEqual({
      cancellations: [],
      next_cursor: null,
    });
  });

  it('state', async () => {
    expect(await idsOf('?state=completed')).toEqual([['planet', 'completed', ids.completed]]);
    expect(await idsOf('?state=queued')).toEqual([['planet', 'queued', ids.queued]]);
    expect(await idsOf('?state=in_progress')).toEqual([
      ['coinw', 'in_progress', ids.coinw],
      ['planet', 'in_progress', ids.inProgress],
    ]);
  });

  it('provider and state together, paged', async () => {
    expect(await idsOf('?provider=planet&state=in_progress')).toEqual([
      ['planet', 'in_progress', ids.inProgress],
    ]);
    const first = await list(api, '?state=in_progress&limit=1');
    expect(first.cancellations.map((c) => c.id)).toEqual([ids.coinw]);
    const second = await list(
      api,
      `?state=in_progress&limit=1&cursor=${encodeURIComponent(first.next_cursor ?? '')}`,
    );
    expect(second.cancellations.map((c) => c.id)).toEqual([ids.inProgress]);
  });
});

/** GET /v1/cancellations: newest first, paged by limit and cursor, 50 by default, filtered. */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CancellationRequest } from '@cancelq/contracts';
import { acceptCancellations } from '@cancelq/queue';
import { waitFor } from '@cancelq/test-utils';
import { issuePaths, uuid } from './harness.ts';
import { accept, acceptInOrder, list } from './read-fixture.ts';
import { useApi } from './use-api.ts';

describe('GET /v1/cancellations', () => {
  const api = useApi({ label: 'read-list' });
  let created: string[];
  beforeAll(async () => {
    created = await acceptInOrder(api, 7);
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

describe('GET /v1/cancellations across providers', () => {
  const api = useApi({ label: 'read-merged' });
  const requests: CancellationRequest[] = [
    { provider: 'planet', order_ids: [uuid(1)] },
    { provider: 'coinw', source_ids: ['1'] },
    {
      provider: 'planomatic',
      order_id: '654321',
      cancelation_reason: 'duplicate_order',
      notes: 'duplicate',
    },
    { provider: 'hypertrack', order_handle: 'order-1' },
  ];
  /** Newest first: by creation time, then by id (as the indexes order them). */
  let expected: string[];

  beforeAll(async () => {
    // Nine cancellations, the providers in turn, two created in the same millisecond at the
    // same provider and two at different ones: every provider's index has some of every page.
    const base = Date.now() - 60_000;
    const at = [0, 1, 2, 3, 5, 5, 5, 8, 8];
    const created = at.map((ms, i) => ({
      id: randomUUID(),
      request: requests[i % 4]!,
      createdAt: new Date(base + ms),
    }));
    created[5]!.request = requests[0]!;
    await acceptCancellations(
      api.deps.queueOf,
      api.prefix,
      api.deps.jobDefaults,
      created.map(({ id, request, createdAt }) => ({
        cancellation: {
          id,
          provider: request.provider,
          request,
          targetIds: ['1'],
          createdAt,
        },
        jobs: [],
      })),
    );
    expected = created
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((c) => c.id);
  });

  it('lists every provider’s cancellations as one sequence, newest first, paged exactly', async () => {
    expect((await list(api)).cancellations.map((c) => c.id)).toEqual(expected);
    for (const limit of [1, 2, 3, 4]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page = await list(api, `?limit=${limit}${after}`);
        expect(page.cancellations.length).toBeLessThanOrEqual(limit);
        seen.push(...page.cancellations.map((c) => c.id));
        cursor = page.next_cursor;
      } while (cursor !== null && seen.length <= expected.length);
      expect(seen, `limit ${limit}`).toEqual(expected);
    }
  });
});

describe('GET /v1/cancellations default limit', () => {
  const api = useApi({ label: 'read-default' });

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
  const api = useApi({ label: 'read-filter' });
  const ids = { completed: '', inProgress: '', queued: '', coinw: '' };

  beforeAll(async () => {
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

describe('GET /v1/cancellations with a retention shorter than a backlog', () => {
  // No worker runs here: every cancellation stays pending, as a backlog keeps it.
  const RETENTION_MS = 1_000;
  const api = useApi({ label: 'read-retention', env: { CANCELQ_RETENTION: `${RETENTION_MS}ms` } });

  it('still lists a cancellation pending past the retention, after later ones trimmed the index', async () => {
    const pending = await accept(api, { provider: 'planet', order_ids: [uuid(0)] });
    const acceptedAt = Date.now();
    await waitFor(() => Date.now() > acceptedAt + RETENTION_MS, { intervalMs: 50 });
    // Each acceptance trims the index of what the retention has expired, in its transaction.
    const later = await accept(api, { provider: 'planet', order_ids: [uuid(1)] });
    expect((await list(api)).cancellations.map((c) => [c.id, c.state])).toEqual([
      [later.id, 'queued'],
      [pending.id, 'queued'],
    ]);
  });
});

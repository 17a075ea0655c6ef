import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancellationListSchema,
  cancellationSchema,
  type Cancellation,
  type CancellationSummary,
} from '@cancelq/contracts';
import { outcomeKeys } from '@cancelq/queue';
import { startPrivateRedis, type PrivateRedis } from '@cancelq/test-utils';
import { startApi, uuid, type TestApi } from './harness.ts';
import { MiB, peakHeapGrowth, redisBytesSent } from './measure.ts';

/**
 * Issue 14 item 7: a list page over big cancellations must stay small in what it reads, holds
 * and answers. Each of the 60 cancellations names 10,000 ids (about 390 KB of request JSON);
 * before list summaries dropped the id arrays, `?limit=500` read, held and answered all of it.
 * A Redis of the file's own: its traffic counters then measure only what the API reads.
 */

interface ListPage {
  cancellations: CancellationSummary[];
  next_cursor: string | null;
}

const IDS = 10_000;
const BIG = 60;
/** The answer's budget per page (the store's default). */
const PAGE_BUDGET = MiB;

let redis: PrivateRedis;
let api: TestApi;
const planetIds: string[][] = [];
/** Cancellation id → its provider, in the order they were accepted. */
const created = new Map<string, 'planet' | 'coinw'>();

async function list(query: string): Promise<{ page: ListPage; bytes: number }> {
  const res = await api.get(`/v1/cancellations${query}`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { page: JSON.parse(text) as ListPage, bytes: Buffer.byteLength(text) };
}

/** Every page from the first on, following next_cursor. */
async function pages(query: string): Promise<ListPage[]> {
  const all: ListPage[] = [];
  let cursor: string | null = null;
  do {
    const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const { page } = await list(`${query}${after}`);
    all.push(page);
    cursor = page.next_cursor;
  } while (cursor !== null && all.length < 100);
  return all;
}

const idsOf = (all: ListPage[]) => all.flatMap((p) => p.cancellations.map((c) => c.id));

beforeAll(async () => {
  redis = await startPrivateRedis({ appendfsync: 'no' });
  api = await startApi({ label: 'list-bounded', env: { REDIS_URL: redis.url } });
  for (let i = 0; i < BIG; i++) {
    const ids = Array.from({ length: IDS }, (_, j) => j + i * IDS);
    const provider = i % 2 === 0 ? 'planet' : 'coinw';
    const orderIds = ids.map(uuid);
    const body =
      provider === 'planet'
        ? { provider, order_ids: orderIds }
        : {
            provider,
            source_ids: ids.map((n) => String(33_308_750_000_000 + n)),
            pos_type: 'plan',
          };
    const res = await api.post('/v1/cancellations', body);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    created.set(id, provider);
    if (provider === 'planet') planetIds.push(orderIds);
  }
});
afterAll(async () => {
  await api?.close();
  await redis?.stop();
});

describe('GET /v1/cancellations over 60 cancellations of 10,000 ids', () => {
  it('lists summaries with id counts instead of id arrays; GET /{id} has the full request', async () => {
    const { page } = await list('?limit=500');
    // What the OpenAPI document says of a page (it is generated from these schemas).
    expect(cancellationListSchema.safeParse(page).error).toBeUndefined();
    expect(page.next_cursor).toBeNull();
    expect(new Set(page.cancellations.map((c) => c.id))).toEqual(new Set(created.keys()));
    for (const summary of page.cancellations) {
      expect(summary).not.toHaveProperty('targets');
      expect(summary.summary.total).toBe(IDS);
      expect(summary.request).toEqual(
        created.get(summary.id) === 'planet'
          ? { provider: 'planet', order_ids_count: IDS }
          : { provider: 'coinw', source_ids_count: IDS, pos_type: 'plan' },
      );
    }

    const [firstPlanet] = [...created].find(([, provider]) => provider === 'planet') ?? [];
    const res = await api.get(`/v1/cancellations/${firstPlanet}`);
    const full = (await res.json()) as Cancellation;
    expect(cancellationSchema.safeParse(full).error).toBeUndefined();
    expect(full.request).toEqual({ provider: 'planet', order_ids: planetIds[0] });
    expect(full.targets).toHaveLength(IDS);
  });

  it('answers ?limit=500 within the page budget, and paging reaches each exactly once', async () => {
    const { bytes } = await list('?limit=500');
    console.info(`list ?limit=500 over ${BIG} × ${IDS} ids: ${bytes} bytes`);
    expect(bytes).toBeLessThan(PAGE_BUDGET);

    const paged = idsOf(await pages('?limit=7'));
    expect(paged).toHaveLength(BIG);
    expect(new Set(paged)).toEqual(new Set(created.keys()));
  });

  it('stops a page at its byte budget and hands back a cursor to go on from', async () => {
    // The default budget (1 MiB) holds 500 summaries now that they are small; a store asked
    // for a small budget shows the mechanism over the same records.
    const budget = 4_096;
    const seen: string[] = [];
    let cursor: string | undefined;
    let count = 0;
    do {
      const { items, nextCursor } = await api.deps.store.list({
        limit: 500,
        cursor,
        maxBytes: budget,
      });
      expect(items.length).toBeGreaterThan(0);
      expect(Buffer.byteLength(JSON.stringify(items))).toBeLessThanOrEqual(budget);
      seen.push(...items.map((c) => c.id));
      cursor = nextCursor ?? undefined;
      count += 1;
    } while (cursor !== undefined && count < 100);
    expect(count).toBeGreaterThan(1);
    expect(seen).toHaveLength(BIG);
    expect(new Set(seen)).toEqual(new Set(created.keys()));
  });

  it('holds a few MB of heap at most while answering ?limit=500', async () => {
    const growth = await peakHeapGrowth(() => list('?limit=500'));
    console.info(`list ?limit=500: heap peak +${(growth / MiB).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(8 * MiB);
  });

  it('filters by state reading only the small fields of each record scanned', async () => {
    // None is completed: the filter scans all 60 and lists none.
    const none = await redisBytesSent(api.redis, () => list('?state=completed&limit=500'));
    console.info(`?state=completed scan of ${BIG}: Redis sent ${none.bytes} bytes`);
    expect(none.result.page).toEqual({ cancellations: [], next_cursor: null });
    // 60 × 390 KB of requests before; a few hundred bytes per record now.
    expect(none.bytes).toBeLessThan(256 * 1024);

    const all = await redisBytesSent(api.redis, () => list('?state=queued&limit=500'));
    expect(all.result.page.cancellations).toHaveLength(BIG);
    expect(all.bytes).toBeLessThan(256 * 1024);
  });
});

describe('records written before list summaries were stored', () => {
  it('are summarised from their request, reading a bounded amount per page', async () => {
    const fresh = (await list('?limit=500')).page.cancellations;
    const keys = outcomeKeys(api.prefix);
    // As such records were written: the request a field of the record, and no summary.
    for (const id of created.keys()) {
      const request = (await api.redis.get(keys.request(id))) ?? '';
      await api.redis.hset(keys.record(id), 'request', request);
      await api.redis.del(keys.request(id));
      await api.redis.hdel(keys.record(id), 'request_summary');
    }

    const first = await redisBytesSent(api.redis, () => list('?limit=500'));
    console.info(
      `legacy page: ${first.result.page.cancellations.length} items, Redis sent ${first.bytes} bytes`,
    );
    // All 60 requests are 23 MB; a page reads a bounded part of them and says where to go on.
    expect(first.bytes).toBeLessThan(12 * MiB);
    expect(first.result.page.next_cursor).not.toBeNull();
    const all = await pages('?limit=500');
    expect(all.flatMap((p) => p.cancellations)).toEqual(fresh);
  });
});

describe('a state filter over more records than one request may scan', () => {
  let small: TestApi;
  beforeAll(async () => {
    small = await startApi({ label: 'list-scan', env: { REDIS_URL: redis.url } });
    for (const count of [1_000, 100]) {
      const entries = Array.from({ length: count }, (_, i) => ({
        provider: 'hypertrack',
        order_handle: `h-${i}`,
      }));
      const res = await small.post('/v1/cancellations/batch', { cancellations: entries });
      expect(res.status).toBe(202);
    }
  });
  afterAll(async () => small?.close());

  it('answers a short page with a cursor, and the cursor goes on to the end', async () => {
    const get = async (query: string) =>
      (await (await small.get(`/v1/cancellations${query}`)).json()) as ListPage;
    const first = await redisBytesSent(small.redis, () => get('?state=completed&limit=1'));
    // limit 1 scans at most 1 × 20 + 1,000 records, so 1,100 take a second request.
    expect(first.result.cancellations).toEqual([]);
    expect(typeof first.result.next_cursor).toBe('string');
    expect(first.bytes).toBeLessThan(MiB);
    const rest = await get(
      `?state=completed&limit=1&cursor=${encodeURIComponent(first.result.next_cursor ?? '')}`,
    );
    expect(rest).toEqual({ cancellations: [], next_cursor: null });
  });
});

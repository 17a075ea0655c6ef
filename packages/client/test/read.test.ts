import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@cancelq/test-utils';
import { CancelqClient, type CancellationSummary } from '../src/index.ts';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';

let api: TestApi;
let client: CancelqClient;
/** Newest first, as the API lists them. */
const ids: string[] = [];

beforeAll(async () => {
  api = await startTestApi('read');
  client = new CancelqClient({ baseUrl: api.url, token: API_TOKEN });
  for (let n = 1; n <= 7; n += 1) {
    const provider = n % 2 === 0 ? 'coinw' : 'planet';
    const { accepted } =
      provider === 'coinw'
        ? await client.create({ provider, source_ids: [String(n)] })
        : await client.create({ provider, order_ids: [uuid(n)] });
    ids.unshift(accepted.id);
    // Each in a later millisecond, so newest-first is well defined.
    const at = Date.now();
    await waitFor(() => Date.now() > at, { intervalMs: 1 });
  }
});
afterAll(async () => api?.close());

async function all(iterable: AsyncIterable<CancellationSummary>): Promise<string[]> {
  const seen: string[] = [];
  for await (const entry of iterable) seen.push(entry.id);
  return seen;
}

describe('get', () => {
  it('the record exactly as the API answers it, typed', async () => {
    const [id] = ids.slice(-1);
    await api.deps.store.resolve(id ?? '', [{ id: uuid(1), outcome: 'cancelled', attempts: 1 }]);
    const record = await client.get(id ?? '');
    expect(record).toEqual(await api.get(`/v1/cancellations/${id}`));
    expect(record.state).toBe('completed');
    expect(record.summary.cancelled).toBe(1);
    expect(record.targets[0]).toMatchObject({ id: uuid(1), outcome: 'cancelled', attempts: 1 });
  });
});

describe('listPage and list', () => {
  it('listPage: one page and the cursor to the next', async () => {
    const page = await client.listPage({ limit: 3 });
    expect(page.cancellations.map((c) => c.id)).toEqual(ids.slice(0, 3));
    expect(page.next_cursor).toEqual(expect.any(String));
    const next = await client.listPage({ limit: 3, cursor: page.next_cursor ?? '' });
    expect(next.cancellations.map((c) => c.id)).toEqual(ids.slice(3, 6));
  });

  it('list: every entry across pages, newest first', async () => {
    expect(await all(client.list({ limit: 2 }))).toEqual(ids);
    expect(await all(client.list())).toEqual(ids);
  });

  it('list: filters hold on every page', async () => {
    const coinw = await all(client.list({ provider: 'coinw', limit: 2 }));
    expect(coinw).toEqual(ids.filter((_, i) => i % 2 === 1));
    expect(await all(client.list({ state: 'completed', limit: 1 }))).toEqual(ids.slice(-1));
    expect(await all(client.list({ provider: 'planomatic' }))).toEqual([]);
  });

  it('list entries keep the fields the client does not model', async () => {
    const page = await client.listPage({ provider: 'coinw', limit: 1 });
    expect(page.cancellations[0]?.request).toEqual({ provider: 'coinw', source_ids_count: 1 });
  });
});

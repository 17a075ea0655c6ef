/** What the read tests share: accepting cancellations (one, or several in order) and listing them. */
import { expect } from 'vitest';
import type { CancellationSummary } from '@cancelq/contracts';
import { waitFor } from '@cancelq/test-utils';
import { uuid, type Accepted, type TestApi } from './harness.ts';

export interface ListPage {
  cancellations: CancellationSummary[];
  next_cursor: string | null;
}

export async function accept(api: TestApi, body: unknown): Promise<Accepted> {
  const res = await api.post('/v1/cancellations', body);
  expect(res.status).toBe(202);
  return (await res.json()) as Accepted;
}

/** Accepts cancellations one after another, each in a later millisecond than the one before. */
export async function acceptInOrder(api: TestApi, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await accept(api, { provider: 'planet', order_ids: [uuid(i)] })).id);
    const answeredAt = Date.now();
    await waitFor(() => Date.now() > answeredAt, { intervalMs: 1 });
  }
  return ids;
}

export async function list(api: TestApi, query = ''): Promise<ListPage> {
  const res = await api.get(`/v1/cancellations${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ListPage;
}

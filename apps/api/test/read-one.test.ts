/** GET /v1/cancellations/{id}: a cancellation with its targets in request order, or 404. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Cancellation } from '@cancelq/contracts';
import { outcomeKeys } from '@cancelq/queue';
import { errorOf, uuid } from './harness.ts';
import { accept } from './read-fixture.ts';
import { useApi } from './use-api.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('GET /v1/cancellations/{id}', () => {
  const api = useApi({ label: 'read-one' });

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

  it('keeps a request without id arrays once, in the record, and answers it whole', async () => {
    const request = {
      provider: 'planomatic',
      order_id: '654321',
      cancelation_reason: 'duplicate_order',
      notes: 'entered twice by the desk',
    };
    const { id } = await accept(api, request);
    const planet = await accept(api, { provider: 'planet', order_ids: [uuid(7)] });
    const keys = outcomeKeys(api.prefix);
    // The record's summary is that request byte for byte, less the provider the record holds:
    // no key of its own. Planet's has one.
    expect(await api.redis.exists(keys.request(id))).toBe(0);
    const { provider: _held, ...rest } = request;
    expect(await api.redis.hget(keys.record(id), 'request_summary')).toBe(JSON.stringify(rest));
    expect(await api.redis.exists(keys.request(planet.id))).toBe(1);

    const body = (await (await api.get(`/v1/cancellations/${id}`)).json()) as Cancellation;
    expect(body.request).toEqual(request);
    expect(body.targets.map((t) => t.id)).toEqual(['654321']);
    const page = (await (await api.get('/v1/cancellations?provider=planomatic')).json()) as {
      cancellations: { id: string; request: unknown }[];
    };
    expect(page.cancellations.find((c) => c.id === id)?.request).toEqual(request);
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

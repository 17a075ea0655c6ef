import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelqClient, CancelqConflictError, CancelqValidationError } from '../src/index.ts';
import { API_TOKEN, startTestApi, uuid, type TestApi } from './test-api.ts';

let api: TestApi;
let client: CancelqClient;

beforeAll(async () => {
  api = await startTestApi('create');
  client = new CancelqClient({ baseUrl: api.url, token: API_TOKEN });
});
afterAll(async () => api?.close());

describe('create', () => {
  it('answers the accepted cancellation as the API sent it, and the API has recorded it', async () => {
    const { accepted, replayed } = await client.create({
      provider: 'planet',
      order_ids: [uuid(1), uuid(2)],
    });
    expect(replayed).toBe(false);
    expect(accepted).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      provider: 'planet',
      account: 'default',
      state: 'queued',
      total: 2,
      links: { self: `/v1/cancellations/${accepted.id}` },
    });
    expect(await api.get(`/v1/cancellations/${accepted.id}`)).toMatchObject({
      request: { provider: 'planet', order_ids: [uuid(1), uuid(2)] },
    });
  });

  it('names the account it was given', async () => {
    const { accepted } = await client.create({
      provider: 'coinw',
      account: 'desk-a',
      source_ids: ['42'],
    });
    expect(accepted).toMatchObject({ provider: 'coinw', account: 'desk-a', total: 1 });
  });

  it('Planet all_queued: total null, the provider decides', async () => {
    const { accepted } = await client.create({ provider: 'planet', all_queued: true });
    expect(accepted.total).toBeNull();
  });
});

describe('Idempotency-Key', () => {
  it('a repeat with the same body is replayed: the same id, nothing enqueued again', async () => {
    const key = `replay-${Date.now()}`;
    const body = { provider: 'hypertrack', order_handle: 'order-r' } as const;
    const first = await client.create(body, { idempotencyKey: key });
    const before = await api.recorded();
    const again = await client.create(body, { idempotencyKey: key });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ accepted: first.accepted, replayed: true });
    expect(await api.recorded()).toBe(before);
  });

  it('the same key with another body is a CancelqConflictError, not retried', async () => {
    const key = `reused-${Date.now()}`;
    await client.create({ provider: 'hypertrack', order_handle: 'a' }, { idempotencyKey: key });
    const error = await client
      .create({ provider: 'hypertrack', order_handle: 'b' }, { idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelqConflictError);
    expect(error).toMatchObject({
      status: 409,
      code: 'idempotency_key_reused',
      retryable: false,
      method: 'POST',
      url: `${api.url}/v1/cancellations`,
    });
  });
});

describe('createBatch', () => {
  it('accepts every entry, in order', async () => {
    const { accepted, replayed } = await client.createBatch([
      { provider: 'planet', order_ids: [uuid(3)] },
      { provider: 'coinw', source_ids: ['1', '2'], pos_type: 'plan' },
      {
        provider: 'planomatic',
        order_id: '654321',
        cancelation_reason: 'duplicate_order',
        notes: 'Placed twice.',
      },
    ]);
    expect(replayed).toBe(false);
    expect(accepted.map((a) => [a.provider, a.total])).toEqual([
      ['planet', 1],
      ['coinw', 2],
      ['planomatic', 1],
    ]);
  });

  it('all or nothing: one bad entry is a CancelqValidationError naming its index', async () => {
    const before = await api.recorded();
    const error = await client
      .createBatch([
        { provider: 'planet', order_ids: [uuid(4)] },
        { provider: 'coinw', source_ids: ['12a'] },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelqValidationError);
    expect((error as CancelqValidationError).issues).toEqual([
      { path: 'cancellations.1.source_ids.0', message: 'must be a string of 1..32 digits' },
    ]);
    expect(await api.recorded()).toBe(before);
  });

  it('replays with the same Idempotency-Key', async () => {
    const key = `batch-${Date.now()}`;
    const bodies = [{ provider: 'hypertrack', order_handle: 'x' } as const];
    const first = await client.createBatch(bodies, { idempotencyKey: key });
    const again = await client.createBatch(bodies, { idempotencyKey: key });
    expect(again.replayed).toBe(true);
    expect(again.accepted.map((a) => a.id)).toEqual(first.accepted.map((a) => a.id));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@cancelq/test-utils';
import { startStack, type Stack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ PLANOMATIC_RATE_LIMIT: '10/2s' });
  await stack.startWorker({ CANCELQ_PROVIDERS: 'planomatic' });
});
afterAll(async () => stack?.close());

const cancelBody = (
  ids: { order_id?: string; request_id?: string },
  notes = 'Duplicate booking.',
) => ({
  provider: 'planomatic',
  ...ids,
  cancelation_reason: 'duplicate_order',
  notes,
});

async function cancelAll(count: number): Promise<string[]> {
  const orders = await stack.planomatic.createOrders({ count });
  const accepted = await Promise.all(
    orders.map((order) => stack.cancel(cancelBody({ order_id: order.order_id }))),
  );
  return accepted.map((a) => a.id);
}

describe('PlanOmatic under its admin-managed limit', () => {
  it('40 cancellations at 10 per 2 s: all completed, no 429, never more than 10 in any 2 s', async () => {
    await stack.planomatic.reset();
    await stack.planomatic.setLimit({ max: 10, duration_ms: 2_000 });
    const ids = await cancelAll(40);
    const done = await Promise.all(ids.map((id) => stack.completed(id, 60_000)));
    expect(done.every((c) => c.summary.cancelled === 1)).toBe(true);

    const record = await stack.planomatic.calls({ windowMs: 2_000 });
    expect(record.count).toBe(40);
    expect(record.count_429).toBe(0);
    expect(record.max_in_window).toBeLessThanOrEqual(10);
    const truth = await stack.planomatic.listOrders();
    expect(truth.every((order) => order.status === 'canceled')).toBe(true);
  });

  it('a limit halved by PlanOmatic mid-run costs a handful of 429s, and every cancellation completes', async () => {
    await stack.planomatic.reset();
    await stack.planomatic.setLimit({ max: 10, duration_ms: 2_000 });
    const ids = await cancelAll(40);
    await waitFor(async () => (await stack.planomatic.calls()).count >= 12, {
      what: 'a dozen calls at the configured pace',
    });
    await stack.planomatic.setLimit({ max: 5 });

    const done = await Promise.all(ids.map((id) => stack.completed(id, 90_000)));
    expect(done.every((c) => c.summary.cancelled === 1)).toBe(true);
    const record = await stack.planomatic.calls({ windowMs: 2_000 });
    expect(record.count_429).toBeGreaterThan(0);
    expect(record.count_429).toBeLessThanOrEqual(5);
    expect(record.count - record.count_429).toBe(40);
  });
});

describe('PlanOmatic through the API', () => {
  beforeAll(async () => {
    await stack.planomatic.reset();
    await stack.planomatic.setLimit({ max: 1_000 });
  });

  it('request_id wins over order_id: the request_id’s order is cancelled, the other untouched', async () => {
    const [named, other] = await stack.planomatic.createOrders({
      count: 2,
      with_request_ids: true,
    });
    const requestId = named!.request_id!;
    const before = (await stack.planomatic.calls()).count;
    const { id } = await stack.cancel(
      cancelBody({ order_id: other!.order_id, request_id: requestId }),
    );
    const done = await stack.completed(id);
    expect(done.targets).toEqual([
      expect.objectContaining({ id: requestId, outcome: 'cancelled', attempts: 1 }),
    ]);
    expect((await stack.planomatic.getOrder(named!.order_id))?.status).toBe('canceled');
    expect((await stack.planomatic.getOrder(other!.order_id))?.status).toBe('new_request');
    const [call] = (await stack.planomatic.calls()).calls.slice(before);
    expect(call).toMatchObject({ body_kind: 'both', ids: [other!.order_id, requestId] });
  });

  it.each([
    ['255 code points of notes', '🛑'.repeat(255)],
    ['notes with line breaks', 'Duplicate booking.\nSee ticket 4411.'],
    ['one character of notes', 'x'],
  ])('%s pass the API and PlanOmatic alike', async (_name, notes) => {
    const [order] = await stack.planomatic.createOrders({ count: 1 });
    const { id } = await stack.cancel(cancelBody({ order_id: order!.order_id }, notes));
    expect((await stack.completed(id)).summary.cancelled).toBe(1);
    expect((await stack.planomatic.getOrder(order!.order_id))?.notes).toBe(notes);
  });

  it('client_requested_cancelation reaches PlanOmatic as given', async () => {
    const [order] = await stack.planomatic.createOrders({ count: 1 });
    const { id } = await stack.cancel({
      ...cancelBody({ order_id: order!.order_id }),
      cancelation_reason: 'client_requested_cancelation',
    });
    await stack.completed(id);
    expect((await stack.planomatic.getOrder(order!.order_id))?.cancelation_reason).toBe(
      'client_requested_cancelation',
    );
  });

  it('settles every kind of order honestly: scheduled, confirmed appointment, unknown', async () => {
    const [scheduled, confirmed] = await stack.planomatic.createOrders({
      orders: [{ status: 'scheduled' }, { appointment_confirmed: true }],
    });
    const outcomes = await Promise.all(
      [scheduled!.order_id, confirmed!.order_id, '987654321'].map(async (orderId) => {
        const { id } = await stack.cancel(cancelBody({ order_id: orderId }));
        return (await stack.completed(id)).targets[0];
      }),
    );
    expect(outcomes.map((t) => t?.outcome)).toEqual([
      'not_cancellable',
      'not_cancellable',
      'not_found',
    ]);
    expect(outcomes[0]?.detail).toMatch(/is scheduled/);
    expect(outcomes[1]?.detail).toMatch(/confirmed appointment/);
  });
});

describe('PlanOmatic integration token', () => {
  // A stack of its own with no worker: each test starts the worker it is about.
  let own: Stack;
  beforeAll(async () => {
    own = await startStack({ PLANOMATIC_RATE_LIMIT: '100/1s' });
    await own.planomatic.setLimit({ max: 1_000 });
  });
  afterAll(async () => own?.close());

  async function cancelOne() {
    const [order] = await own.planomatic.createOrders({ count: 1 });
    const before = (await own.planomatic.calls()).count;
    const { id } = await own.cancel(cancelBody({ order_id: order!.order_id }));
    const done = await own.completed(id);
    const calls = (await own.planomatic.calls()).calls.slice(before);
    return { orderId: order!.order_id, id, done, calls };
  }

  it('a wrong token → failed after exactly one call, no retries, the detail naming the token', async () => {
    const worker = await own.startWorker({
      CANCELQ_PROVIDERS: 'planomatic',
      PLANOMATIC_API_TOKEN: 'not-the-integration-token',
    });
    try {
      const { orderId, id, done, calls } = await cancelOne();
      expect(done.targets).toEqual([
        expect.objectContaining({ id: orderId, outcome: 'failed', attempts: 1 }),
      ]);
      expect(done.targets[0]?.detail).toMatch(
        /^PlanOmatic refused the integration token \(api_token: unauthorized\).*PLANOMATIC_API_TOKEN/,
      );
      expect(calls.map((c) => [c.path, c.status])).toEqual([
        ['/planomatic/api/v3/orders/cancel', 400],
      ]);
      // Failed for good in BullMQ too: one attempt and no retry left to make another call.
      expect(await own.job('planomatic', `${id}-1`)).toMatchObject({
        attemptsMade: 1,
        state: 'failed',
      });
      expect((await own.planomatic.getOrder(orderId))?.status).toBe('new_request');
    } finally {
      await worker.close();
    }
  });

  it('PLANOMATIC_TOKEN_FIELD=api_key in the worker environment: PlanOmatic gets the token under api_key', async () => {
    // The simulator now reads the token from `api_key` only: a worker still sending
    // `api_token` is refused for a missing api_key, which shows the field is what decides.
    expect(await own.planomatic.setTokenField('api_key')).toBe('api_key');
    try {
      const defaults = await own.startWorker({ CANCELQ_PROVIDERS: 'planomatic' });
      try {
        const refused = await cancelOne();
        expect(refused.done.targets[0]).toMatchObject({ outcome: 'failed', attempts: 1 });
        expect(refused.done.targets[0]?.detail).toMatch(/\(api_key: missing\)/);
        expect(refused.calls).toHaveLength(1);
      } finally {
        await defaults.close();
      }

      const worker = await own.startReadyWorkerProcess({
        CANCELQ_PROVIDERS: 'planomatic',
        PLANOMATIC_TOKEN_FIELD: 'api_key',
      });
      try {
        const { orderId, done, calls } = await cancelOne();
        expect(done.targets).toEqual([
          expect.objectContaining({ id: orderId, outcome: 'cancelled', attempts: 1 }),
        ]);
        expect(calls.map((c) => c.status)).toEqual([201]);
        expect((await own.planomatic.getOrder(orderId))?.status).toBe('canceled');
      } finally {
        await worker.kill('SIGTERM');
      }
    } finally {
      await own.planomatic.setTokenField('api_token');
    }
  });
});

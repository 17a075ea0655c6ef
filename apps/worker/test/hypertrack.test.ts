import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ HYPERTRACK_RATE_LIMIT: '1000/1s' });
  await stack.hypertrack.setLimit({ max: 1_000 });
  await stack.startWorker({ CANCELQ_PROVIDERS: 'hypertrack' });
});
afterAll(async () => stack?.close());

async function cancelThrough(body: Record<string, unknown>) {
  const before = (await stack.hypertrack.calls()).count;
  const { id } = await stack.cancel({ provider: 'hypertrack', ...body });
  const done = await stack.completed(id);
  const calls = (await stack.hypertrack.calls()).calls.slice(before);
  return { done, calls };
}

describe('HyperTrack through the API', () => {
  it.each([
    ['spaces', 'order 17 for Ms Smith'],
    ['slashes', 'route/7/stop/3'],
    ['reserved characters', 'a?b=c&d#e%f+g'],
    ['unicode', 'zürich-🚚-配送'],
  ])('a handle with %s is encoded, found and cancelled', async (_name, raw) => {
    const handle = `${raw}-${randomUUID().slice(0, 6)}`;
    await stack.hypertrack.createOrders({ orders: [{ order_handle: handle }] });
    const { done, calls } = await cancelThrough({ order_handle: handle });
    expect(done.targets).toEqual([
      expect.objectContaining({ id: handle, outcome: 'cancelled', attempts: 1 }),
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ ids: [handle], query: null });
    expect(calls[0]?.path).toBe(`/hypertrack/orders/${encodeURIComponent(handle)}/cancel`);
    const truth = await stack.hypertrack.getOrder(handle);
    expect(truth?.attempts[0]?.legs.every((leg) => leg.status === 'cancelled')).toBe(true);
  });

  it('selectors reach HyperTrack as sent and cancel only the leg they name', async () => {
    const handle = `pick-drop-${randomUUID().slice(0, 6)}`;
    await stack.hypertrack.createOrders({
      orders: [
        {
          order_handle: handle,
          attempts: 2,
          legs: [{ type: 'pick' }, { type: 'drop' }, { type: 'drop' }],
        },
      ],
    });
    const { done, calls } = await cancelThrough({
      order_handle: handle,
      type: 'drop',
      type_index: 1,
      fulfillment_attempt: 1,
    });
    expect(done.targets[0]?.outcome).toBe('cancelled');
    expect(calls[0]?.query).toBe('type=drop&type_index=1&fulfillment_attempt=1');
    const legs = (await stack.hypertrack.getOrder(handle))?.attempts[1]?.legs;
    expect(legs?.map((leg) => [leg.type, leg.type_index, leg.status])).toEqual([
      ['pick', 0, 'assigned'],
      ['drop', 0, 'assigned'],
      ['drop', 1, 'cancelled'],
    ]);
  });

  it('type=pick and zero selectors reach HyperTrack exactly as sent and cancel only that leg', async () => {
    const handle = `zeros-${randomUUID().slice(0, 6)}`;
    // One attempt (number 0) with two picks and a drop: `type_index=0` must single out the
    // first pick, and a zero dropped on the way would cancel both picks instead.
    await stack.hypertrack.createOrders({
      orders: [
        { order_handle: handle, legs: [{ type: 'pick' }, { type: 'pick' }, { type: 'drop' }] },
      ],
    });
    const { done, calls } = await cancelThrough({
      order_handle: handle,
      type: 'pick',
      type_index: 0,
      fulfillment_attempt: 0,
    });
    expect(done.targets).toEqual([
      expect.objectContaining({ id: handle, outcome: 'cancelled', attempts: 1, detail: null }),
    ]);
    expect(calls.map((c) => [c.method, c.path, c.query, c.status])).toEqual([
      [
        'POST',
        `/hypertrack/orders/${handle}/cancel`,
        'type=pick&type_index=0&fulfillment_attempt=0',
        200,
      ],
    ]);
    const truth = await stack.hypertrack.getOrder(handle);
    expect(truth?.attempts).toHaveLength(1);
    expect(truth?.attempts[0]?.legs.map((leg) => [leg.type, leg.type_index, leg.status])).toEqual([
      ['pick', 0, 'cancelled'],
      ['pick', 1, 'assigned'],
      ['drop', 0, 'assigned'],
    ]);
  });

  it('a fulfillment_attempt the order does not have → not_found after one call, every leg untouched', async () => {
    // The nearest the API lets a caller come to HyperTrack's 422: the selectors pass the API's
    // schema (non-negative integers), and the simulator answers 404 for an attempt that does
    // not exist, as it does for any selector that addresses no leg.
    const handle = `attempts-${randomUUID().slice(0, 6)}`;
    await stack.hypertrack.createOrders({ orders: [{ order_handle: handle, attempts: 2 }] });
    const { done, calls } = await cancelThrough({ order_handle: handle, fulfillment_attempt: 7 });
    expect(done.targets).toEqual([
      expect.objectContaining({ outcome: 'not_found', attempts: 1, detail: 'Order not found' }),
    ]);
    expect(calls.map((c) => [c.query, c.status])).toEqual([['fulfillment_attempt=7', 404]]);
    const legs = (await stack.hypertrack.getOrder(handle))?.attempts[1]?.legs;
    expect(legs?.map((leg) => leg.status)).toEqual(['assigned']);
  });

  it('settles completed, unknown and already cancelled orders honestly', async () => {
    const [completed, cancelled] = [`done-${randomUUID()}`, `gone-${randomUUID()}`];
    await stack.hypertrack.createOrders({
      orders: [
        { order_handle: completed, status: 'completed' },
        { order_handle: cancelled, status: 'cancelled' },
      ],
    });
    const outcomes = await Promise.all(
      [completed, `never-${randomUUID()}`, cancelled].map(async (handle) => {
        const { done } = await cancelThrough({ order_handle: handle });
        return done.targets[0];
      }),
    );
    expect(outcomes.map((t) => [t?.outcome, t?.detail])).toEqual([
      ['not_cancellable', 'Order is already completed'],
      ['not_found', 'Order not found'],
      ['cancelled', 'already cancelled'],
    ]);
  });
});

describe('HyperTrack refusals whatever status carries them', () => {
  // providers.md §4 [INF]: the status of "already completed / cancelled" is unknown — 409 or
  // 400, "or reuse of 404/422" — so the simulator makes it a setting. The contract's outcome
  // follows the order's state (completed → not_cancellable, cancelled → cancelled), which the
  // message names, not the status code.
  afterAll(async () => stack.hypertrack.setConfig({ completed_status: 409, recancel_status: 409 }));

  it.each([400, 404, 409, 422])(
    'an already completed order answered %i → not_cancellable, after one call',
    async (status) => {
      await stack.hypertrack.setConfig({ completed_status: status });
      const handle = `completed-${status}-${randomUUID().slice(0, 6)}`;
      await stack.hypertrack.createOrders({
        orders: [{ order_handle: handle, status: 'completed' }],
      });
      const { done, calls } = await cancelThrough({ order_handle: handle });
      expect(calls.map((c) => c.status)).toEqual([status]);
      expect(done.targets[0]).toMatchObject({
        outcome: 'not_cancellable',
        detail: 'Order is already completed',
      });
    },
  );

  it.each([400, 404, 409, 422])(
    'an already cancelled order answered %i → cancelled, saying so',
    async (status) => {
      await stack.hypertrack.setConfig({ recancel_status: status });
      const handle = `cancelled-${status}-${randomUUID().slice(0, 6)}`;
      await stack.hypertrack.createOrders({
        orders: [{ order_handle: handle, status: 'cancelled' }],
      });
      const { done, calls } = await cancelThrough({ order_handle: handle });
      expect(calls.map((c) => c.status)).toEqual([status]);
      expect(done.targets[0]).toMatchObject({ outcome: 'cancelled', detail: 'already cancelled' });
    },
  );
});

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

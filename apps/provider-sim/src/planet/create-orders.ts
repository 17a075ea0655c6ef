import { BadRequest } from '../common/bad-request.ts';
import {
  asObject,
  optionalArray,
  optionalEnum,
  optionalNullableNumber,
  optionalNumber,
  optionalString,
} from '../common/validate.ts';
import { ORDER_STATES } from './order.ts';
import { parseOrderId } from './order-id.ts';
import type { NewOrder, OrderStore } from './order-store.ts';

/** Bounds one admin call, and the memory a runaway test can take. */
export const MAX_ORDERS_PER_CALL = 100_000;

/**
 * `POST /_sim/planet/orders` body → orders to create. Queued → running delay, per order:
 * its own `running_after_ms` (null = never) if given, else the call's `running_after_ms`,
 * else an exponential draw with mean `running_mean_ms`, else never.
 */
export function parseCreateOrders(body: unknown, store: OrderStore): NewOrder[] {
  const raw = asObject(body);
  const count = optionalNumber(raw, 'count', { integer: true, max: MAX_ORDERS_PER_CALL }) ?? 0;
  const explicit = optionalArray(raw, 'orders') ?? [];
  const fixed = optionalNullableNumber(raw, 'running_after_ms');
  const mean = optionalNumber(raw, 'running_mean_ms', { min: 1 });
  if (fixed !== undefined && mean !== undefined) {
    throw new BadRequest('give running_after_ms or running_mean_ms, not both');
  }
  if (count + explicit.length > MAX_ORDERS_PER_CALL) {
    throw new BadRequest(`at most ${MAX_ORDERS_PER_CALL} orders per call`);
  }
  const defaultDelay = (): number | null =>
    fixed !== undefined ? fixed : mean !== undefined ? exponential(mean) : null;

  const seen = new Set<string>();
  const orders: NewOrder[] = explicit.map((item, i) => {
    const spec = asObject(item, `orders[${i}]`);
    const own = optionalNullableNumber(spec, 'running_after_ms');
    const order: NewOrder = {
      state: optionalEnum(spec, 'state', ORDER_STATES) ?? 'queued',
      runningAfterMs: own !== undefined ? own : defaultDelay(),
    };
    const rawId = optionalString(spec, 'id');
    if (rawId !== undefined) {
      const id = parseOrderId(rawId);
      if (id === null) throw new BadRequest(`orders[${i}].id must be a UUID`);
      if (seen.has(id) || store.has(id))
        throw new BadRequest(`orders[${i}].id ${id} already exists`);
      seen.add(id);
      order.id = id;
    }
    return order;
  });
  for (let i = 0; i < count; i++) orders.push({ state: 'queued', runningAfterMs: defaultDelay() });
  return orders;
}

/** Exponential delay with the given mean: the gaps of a Poisson process, i.e. "random". */
function exponential(meanMs: number): number {
  return -meanMs * Math.log(1 - Math.random());
}

import { BadRequest } from '../common/bad-request.ts';
import {
  asObject,
  optionalArray,
  optionalEnum,
  optionalNumber,
  optionalString,
} from '../common/validate.ts';
import { ORDER_STATUSES, POS_TYPES } from './order.ts';
import { parseOrderId } from './order-id.ts';
import type { NewOrder, OrderStore } from './order-store.ts';

/** Bounds one admin call, and the memory a runaway test can take. */
export const MAX_ORDERS_PER_CALL = 100_000;

/**
 * `POST /_sim/coinw/orders` body → orders to create: `orders` as given (id, status and pos_type
 * each optional: generated id, `open`, `plan`), then `count` open `plan` orders. `plan` (limit)
 * is the default type because resting limit orders are what there is to cancel.
 */
export function parseCreateOrders(body: unknown, store: OrderStore): NewOrder[] {
  const raw = asObject(body);
  const count = optionalNumber(raw, 'count', { integer: true, max: MAX_ORDERS_PER_CALL }) ?? 0;
  const explicit = optionalArray(raw, 'orders') ?? [];
  if (count + explicit.length > MAX_ORDERS_PER_CALL) {
    throw new BadRequest(`at most ${MAX_ORDERS_PER_CALL} orders per call`);
  }

  const seen = new Set<string>();
  const orders: NewOrder[] = explicit.map((item, i) => {
    const spec = asObject(item, `orders[${i}]`);
    const order: NewOrder = {
      status: optionalEnum(spec, 'status', ORDER_STATUSES) ?? 'open',
      posType: optionalEnum(spec, 'pos_type', POS_TYPES) ?? 'plan',
    };
    const rawId = optionalString(spec, 'id');
    if (rawId !== undefined) {
      const id = parseOrderId(rawId);
      if (id === null) {
        throw new BadRequest(`orders[${i}].id must be a positive 64-bit integer as a string`);
      }
      if (seen.has(id) || store.has(id)) {
        throw new BadRequest(`orders[${i}].id ${id} already exists`);
      }
      seen.add(id);
      order.id = id;
    }
    return order;
  });
  for (let i = 0; i < count; i++) orders.push({ status: 'open', posType: 'plan' });
  return orders;
}

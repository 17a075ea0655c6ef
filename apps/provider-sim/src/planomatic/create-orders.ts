import { randomUUID } from 'node:crypto';
import { BadRequest } from '../common/bad-request.ts';
import {
  asObject,
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalNullableNumber,
  optionalNumber,
  optionalString,
} from '../common/validate.ts';
import { onlyKeys, optionalOrderId } from './admin-fields.ts';
import { ORDER_STATUSES, PRE_SCHEDULED } from './order.ts';
import type { NewOrder, OrderStore } from './order-store.ts';

/** Bounds one admin call, and the memory a runaway test can take. */
export const MAX_ORDERS_PER_CALL = 100_000;

// `account` is read by the admin route (the owner of every order of the call).
const CALL_KEYS = ['account', 'count', 'orders', 'with_request_ids', 'scheduled_after_ms'];
const ORDER_KEYS = [
  'order_id',
  'request_id',
  'status',
  'appointment_confirmed',
  'scheduled_after_ms',
];

/**
 * `POST /_sim/planomatic/orders` body → orders to create: the explicit `orders` first, then
 * `count` generated ones (`new_request`, no appointment). An order's `scheduled_after_ms` (null =
 * never) defaults to the call's, else never. `with_request_ids` gives every order that names no
 * request_id a generated one. Ids must be unique across the store.
 */
export function parseCreateOrders(body: unknown, store: OrderStore): NewOrder[] {
  const raw = asObject(body);
  onlyKeys(raw, CALL_KEYS);
  const count = optionalNumber(raw, 'count', { integer: true, max: MAX_ORDERS_PER_CALL }) ?? 0;
  const explicit = optionalArray(raw, 'orders') ?? [];
  const withRequestIds = optionalBoolean(raw, 'with_request_ids') ?? false;
  const callDelay = optionalNullableNumber(raw, 'scheduled_after_ms') ?? null;
  if (count + explicit.length > MAX_ORDERS_PER_CALL) {
    throw new BadRequest(`at most ${MAX_ORDERS_PER_CALL} orders per call`);
  }

  const orderIds = new Set<string>();
  const requestIds = new Set<string>();
  const generatedRequestId = () => (withRequestIds ? `req-${randomUUID()}` : null);

  const orders: NewOrder[] = explicit.map((item, i) => {
    const what = `orders[${i}]`;
    const spec = asObject(item, what);
    onlyKeys(spec, ORDER_KEYS, what);
    const order: NewOrder = {
      status: optionalEnum(spec, 'status', ORDER_STATUSES) ?? 'new_request',
      appointmentConfirmed: optionalBoolean(spec, 'appointment_confirmed') ?? false,
      requestId: generatedRequestId(),
      scheduledAfterMs: callDelay,
    };
    const delay = optionalNullableNumber(spec, 'scheduled_after_ms');
    if (delay !== undefined) {
      if (delay !== null && !PRE_SCHEDULED.includes(order.status)) {
        throw new BadRequest(
          `${what}.scheduled_after_ms needs a ${PRE_SCHEDULED.join(', ')} status (only those get scheduled)`,
        );
      }
      order.scheduledAfterMs = delay;
    } else if (!PRE_SCHEDULED.includes(order.status)) {
      // The call-level delay is a default for the orders it can apply to.
      order.scheduledAfterMs = null;
    }
    const orderId = optionalOrderId(spec, 'order_id');
    if (orderId !== undefined) {
      if (orderIds.has(orderId) || store.hasOrderId(orderId)) {
        throw new BadRequest(`${what}.order_id ${orderId} already exists`);
      }
      orderIds.add(orderId);
      order.orderId = orderId;
    }
    if (spec.request_id === null) order.requestId = null;
    const requestId = spec.request_id === null ? undefined : optionalString(spec, 'request_id');
    if (requestId !== undefined) {
      if (requestId === '') throw new BadRequest(`${what}.request_id must not be empty`);
      if (requestIds.has(requestId) || store.hasRequestId(requestId)) {
        throw new BadRequest(`${what}.request_id ${requestId} already exists`);
      }
      requestIds.add(requestId);
      order.requestId = requestId;
    }
    return order;
  });
  for (let i = 0; i < count; i++) {
    orders.push({
      status: 'new_request',
      appointmentConfirmed: false,
      requestId: generatedRequestId(),
      scheduledAfterMs: callDelay,
    });
  }
  return orders;
}

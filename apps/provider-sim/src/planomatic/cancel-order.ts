import { outcome, type Outcome } from '../common/outcome.ts';
import { validationError } from './error-body.ts';
import type { Order, OrderStatus } from './order.ts';
import type { OrderStore } from './order-store.ts';
import { toApiOrder } from './present.ts';
import { readCancelBody } from './read-cancel-body.ts';

/**
 * `POST /api/v3/orders/cancel` once the token is known good: 201 with the canceled order, or 400
 * validation-error listing every field error, or 400 `not_cancelable` with a message naming the
 * order's status (so a client retrying after a lost answer can tell "already canceled").
 * The success body is not in the docs [UNKNOWN]; this one follows the V3 envelope (201 for a
 * successful POST) and carries the order. Another integration's (not `owner`'s) order is
 * `unrecognized`, as an unknown one.
 */
export function cancelOrder(
  store: OrderStore,
  cancelable: readonly OrderStatus[],
  body: Record<string, unknown>,
  owner: string,
): Outcome {
  const { ref, reason, notes, errors } = readCancelBody(body);
  let order: Order | undefined;
  if (ref !== null) {
    order =
      ref.attr === 'request_id' ? store.byRequest(ref.id, owner) : store.byOrder(ref.id, owner);
    // Identifier errors come first, in field order.
    if (order === undefined) errors.unshift({ attr: ref.attr, message: 'unrecognized' });
  }
  if (order === undefined || reason === null || notes === null || errors.length > 0) {
    return outcome(400, validationError(errors));
  }

  const refusal = notCancelable(order, cancelable);
  if (refusal !== null) {
    return outcome(
      400,
      validationError([{ attr: 'order_id', message: 'not_cancelable' }], refusal),
    );
  }
  store.cancel(order, reason, notes);
  return outcome(201, { code: 201, status: 'canceled', order: toApiOrder(order) });
}

/**
 * Why the order cannot be canceled, or null. "Only while its status is one of new_request,
 * ordered, or scheduling, and it has no confirmed appointments" [DOC cancel-order]; the set is
 * admin-managed, so the message lists the current one. The status reason wins over the
 * appointment one because it is the one that names `canceled`.
 */
function notCancelable(order: Order, cancelable: readonly OrderStatus[]): string | null {
  const rule =
    cancelable.length === 0
      ? 'no orders can be canceled'
      : `only ${either(cancelable)} orders without a confirmed appointment can be canceled`;
  if (!cancelable.includes(order.status))
    return `Order ${order.orderId} is ${order.status}; ${rule}`;
  if (order.appointmentConfirmed) {
    return `Order ${order.orderId} has a confirmed appointment; ${rule}`;
  }
  return null;
}

/** ["a", "b", "c"] → "a, b or c". */
function either(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`;
}

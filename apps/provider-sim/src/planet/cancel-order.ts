import { outcome, type Outcome } from '../common/outcome.ts';
import { planetErrorBody } from './error-body.ts';
import { parseOrderId } from './order-id.ts';
import type { OrderStore } from './order-store.ts';
import { toApiOrder } from './present.ts';

/**
 * `PUT /orders/v2/:id`: 200 with the cancelled order, 409 if not queued, 404 if unknown or
 * another account's (`owner` is the caller's).
 */
export function cancelOrder(
  store: OrderStore,
  rawId: string,
  baseUrl: string,
  owner: string,
): Outcome {
  const id = parseOrderId(rawId);
  if (id === null) return outcome(400, planetErrorBody(400, `Invalid order ID: ${rawId}.`));
  const result = store.cancel(id, owner);
  switch (result.kind) {
    case 'unknown':
      return outcome(404, planetErrorBody(404, `No such order ID: ${rawId}.`));
    case 'not_cancellable':
      return outcome(409, planetErrorBody(409, 'Order not in a cancellable state'));
    case 'cancelled':
      return outcome(200, toApiOrder(result.order, baseUrl));
  }
}

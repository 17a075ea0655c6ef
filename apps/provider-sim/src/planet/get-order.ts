import { outcome, type Outcome } from '../common/outcome.ts';
import { planetErrorBody } from './error-body.ts';
import { parseOrderId } from './order-id.ts';
import type { OrderStore } from './order-store.ts';
import { toApiOrder } from './present.ts';

/** `GET /orders/v2/:id`. */
export function getOrder(store: OrderStore, rawId: string, baseUrl: string): Outcome {
  const id = parseOrderId(rawId);
  if (id === null) return outcome(400, planetErrorBody(400, `Invalid order ID: ${rawId}.`));
  const order = store.get(id);
  if (order === undefined) return outcome(404, planetErrorBody(404, `No such order ID: ${rawId}.`));
  return outcome(200, toApiOrder(order, baseUrl));
}

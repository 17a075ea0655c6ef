import { outcome, type Outcome } from '../common/outcome.ts';
import { planetErrorBody } from './error-body.ts';
import { parseOrderId } from './order-id.ts';
import type { OrderStore } from './order-store.ts';
import { toApiOrder } from './present.ts';

/** `GET /orders/v2/:id`; another account's order (`owner` is the caller's) is a 404. */
export function getOrder(
  store: OrderStore,
  rawId: string,
  baseUrl: string,
  owner: string,
): Outcome {
  const id = parseOrderId(rawId);
  if (id === null) return outcome(400, planetErrorBody(400, `Invalid order ID: ${rawId}.`));
  const order = store.get(id, owner);
  if (order === undefined) return outcome(404, planetErrorBody(404, `No such order ID: ${rawId}.`));
  return outcome(200, toApiOrder(order, baseUrl));
}

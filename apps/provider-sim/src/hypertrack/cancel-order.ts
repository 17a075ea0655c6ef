import { outcome, type Outcome } from '../common/outcome.ts';
import { hypertrackErrorBody, validationErrorBody, type ValidationDetail } from './error-body.ts';
import { isFinal } from './order.ts';
import type { OrderStore } from './order-store.ts';
import { parseCancelQuery } from './parse-cancel-query.ts';
import { toApiOrder } from './present.ts';
import type { BodyKind } from './read-body.ts';
import { selectLegs } from './select-legs.ts';

export interface CancelRequest {
  /** Decoded handle; null when the path segment was not valid percent-encoding. */
  handle: string | null;
  /** The caller's account: another account's order is not found. */
  owner: string;
  /** Raw query string as sent, without `?`; null when absent. */
  query: string | null;
  body: BodyKind;
  now: number;
  completedStatus: number;
  recancelStatus: number;
}

const notFound = () => outcome(404, hypertrackErrorBody(404, 'Order not found'));

/**
 * `POST /orders/{order_handle}/cancel`. In this order, as a request validator runs before the
 * view: 422 for a bad query or body; 404 for an unknown handle or selectors that address no
 * leg; then the addressed legs are cancelled, unless they are all final already.
 */
export function cancelOrder(store: OrderStore, request: CancelRequest): Outcome {
  const parsed = parseCancelQuery(request.query);
  const detail: ValidationDetail = {};
  if ('errors' in parsed) detail.query = parsed.errors;
  // The docs' example sends `{}`; what else the body may hold is undocumented, so any object
  // is accepted and ignored, and only non-objects are refused [INF].
  if (request.body === 'invalid') detail.json = { _schema: ['Invalid input type.'] };
  if (!('selectors' in parsed) || detail.json !== undefined) {
    return outcome(422, validationErrorBody(detail));
  }

  const order = request.handle === null ? undefined : store.get(request.handle, request.owner);
  if (order === undefined) return notFound();
  const selected = selectLegs(order, parsed.selectors);
  if (selected === null) return notFound();
  const { attempt, legs } = selected;

  const live = legs.filter((leg) => !isFinal(leg.status));
  if (live.length > 0) {
    for (const leg of live) {
      leg.status = 'cancelled';
      leg.cancelledAtMs = request.now;
    }
    // Legs already final beside them are left alone: the cancel did what it could.
    return outcome(200, toApiOrder(order, attempt, live[0]!));
  }

  // Everything addressed is final. Completed wins over cancelled: the order was delivered,
  // and a client must not read the answer as "cancelled after all".
  if (legs.some((leg) => leg.status === 'completed')) {
    const status = request.completedStatus;
    return outcome(status, hypertrackErrorBody(status, 'Order is already completed'));
  }
  const status = request.recancelStatus;
  if (status < 400) return outcome(status, toApiOrder(order, attempt, legs[0]!));
  return outcome(status, hypertrackErrorBody(status, 'Order is already cancelled'));
}

import { outcome, type Outcome } from '../common/outcome.ts';
import type { BulkFailures } from './bulk-failures.ts';
import { planetErrorBody } from './error-body.ts';
import { parseOrderId } from './order-id.ts';
import type { OrderStore } from './order-store.ts';

/**
 * How a bulk body was read. `all_queued` covers both `{}` and `{"order_ids": []}`: the SDK
 * sends `{}` for an empty list, so an empty list cancels every queued order. That is the hazard
 * our client must never trigger by accident, and why the call log records the kind.
 */
export type BulkRequest = { kind: 'all_queued' } | { kind: 'order_ids'; ids: string[] };

/** The ids a bulk body names, best effort, for the call log (even when the body is rejected). */
export function namedIds(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || !('order_ids' in body)) return [];
  const ids = body.order_ids;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

export function parseBulkBody(body: unknown, bulkMax: number): BulkRequest | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: 'Request body must be a JSON object' };
  }
  if (!('order_ids' in body)) return { kind: 'all_queued' };
  const ids = body.order_ids;
  if (!Array.isArray(ids)) return { error: 'order_ids must be an array of order IDs' };
  if (ids.length === 0) return { kind: 'all_queued' };
  // The real maximum is undocumented (spec §1); the simulator makes it a knob.
  if (ids.length > bulkMax) {
    return { error: `Too many order IDs: ${ids.length} (maximum ${bulkMax})` };
  }
  for (const id of ids as unknown[]) {
    if (typeof id !== 'string' || parseOrderId(id) === null) {
      return { error: `Invalid order ID: ${String(id)}.` };
    }
  }
  return { kind: 'order_ids', ids: ids as string[] };
}

interface Failure {
  message: string;
  order_id: string;
}

/**
 * `POST /bulk/orders/v2/cancel`: always 200; per-order failures are listed, successes counted.
 * Ids a bulk-failures rule strikes are listed with its transient message and left untouched;
 * `transientIds` names them for the call log. Only the caller's (`owner`'s) orders are seen:
 * another account's id fails as unknown, and `{}` cancels the caller's queued orders alone.
 */
export function bulkCancel(
  store: OrderStore,
  request: BulkRequest,
  rules: BulkFailures,
  owner: string,
): { out: Outcome; transientIds: string[] } {
  const failures: Failure[] = [];
  let succeeded = 0;
  const ids =
    request.kind === 'order_ids'
      ? request.ids
      : store.all('queued', owner).map((order) => order.id);
  const canonical = (rawId: string) => parseOrderId(rawId) ?? rawId;
  const struck = rules.strike(ids.map(canonical));
  const transientIds: string[] = [];
  for (const rawId of ids) {
    const transient = struck.get(canonical(rawId));
    if (transient !== undefined) {
      failures.push({ message: transient, order_id: rawId });
      transientIds.push(rawId);
      continue;
    }
    const result = store.cancel(canonical(rawId), owner);
    if (result.kind === 'cancelled') succeeded++;
    else if (result.kind === 'unknown') {
      failures.push({ message: `No such order ID: ${rawId}.`, order_id: rawId });
    } else failures.push({ message: 'Order not in a cancellable state', order_id: rawId });
  }
  const out = outcome(200, {
    result: { failed: { count: failures.length, failures }, succeeded: { count: succeeded } },
  });
  return { out, transientIds };
}

export const bulkBadRequest = (message: string): Outcome =>
  outcome(400, planetErrorBody(400, message));

import type { Request } from 'express';
import type { CallDescription } from '../common/provider.ts';

const given = (value: unknown) => value !== undefined && value !== null;

/**
 * What a PlanOmatic call is about, for the call log: the identifiers the body names, in the
 * order `[order_id, request_id]`, as strings; `body_kind` says which were sent (`both` is the
 * case where `request_id` silently wins, worth asserting on). Reads only those two fields, so
 * the token in the same body never reaches the log.
 */
export function describePlanomaticCall(req: Request): CallDescription {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ids: [], body_kind: null };
  }
  const { order_id: orderId, request_id: requestId } = body as Record<string, unknown>;
  const ids: string[] = [];
  if (typeof orderId === 'string' || (typeof orderId === 'number' && Number.isFinite(orderId))) {
    ids.push(String(orderId));
  }
  if (typeof requestId === 'string') ids.push(requestId);
  const byOrder = given(orderId);
  const byRequest = given(requestId);
  const kind =
    byOrder && byRequest ? 'both' : byOrder ? 'order_id' : byRequest ? 'request_id' : null;
  return { ids, body_kind: kind };
}

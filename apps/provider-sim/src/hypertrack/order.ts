/**
 * HyperTrack leg statuses. `unplanned`/`planned`/`cancelled` appear in the v3 docs; `assigned`,
 * `ongoing`, `completed` are inferred from the endpoints (`/complete`) [INF, spec §4].
 */
export const LEG_STATUSES = [
  'unplanned',
  'planned',
  'assigned',
  'ongoing',
  'completed',
  'cancelled',
] as const;
export type LegStatus = (typeof LEG_STATUSES)[number];

export const LEG_TYPES = ['drop', 'pick'] as const;
export type LegType = (typeof LEG_TYPES)[number];

/** A leg in a final status is never changed by a cancel. */
export const isFinal = (status: LegStatus): boolean =>
  status === 'completed' || status === 'cancelled';

/**
 * One stop of an order: a pick or a drop. `(type, type_index)` is unique within an attempt;
 * the API's `type` and `type_index` query parameters address it.
 */
export interface Leg {
  type: LegType;
  type_index: number;
  status: LegStatus;
  /** Epoch ms (simulator clock) the leg was cancelled; null unless `cancelled`. */
  cancelledAtMs: number | null;
}

/**
 * One try at fulfilling the order. A reschedule cancels the current attempt and starts the next
 * (docs: post-orders-order_handle-reschedule), so only the latest attempt is live; earlier ones
 * stay addressable with `fulfillment_attempt`.
 */
export interface Attempt {
  fulfillment_attempt: number;
  legs: Leg[];
}

/** The simulator's record of one order. Handles are arbitrary user strings. */
export interface Order {
  handle: string;
  /** The account that created it: only calls with that account's credentials see it. */
  account: string;
  /** Creation sequence number: the stable listing order. */
  seq: number;
  createdMs: number;
  metadata: Record<string, unknown>;
  /** Never empty; index = `fulfillment_attempt`, the last is the live one. */
  attempts: Attempt[];
}

export function latestAttempt(order: Order): Attempt {
  return order.attempts[order.attempts.length - 1]!;
}

/**
 * PlanOmatic V3 order statuses (spec/providers.md §2; the webhook events name the same stages).
 * Only the first three are cancelable by default, and only without a confirmed appointment.
 */
export const ORDER_STATUSES = [
  'new_request',
  'ordered',
  'scheduling',
  'scheduled',
  'in_progress',
  'post_processing',
  'delivered',
  'canceled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The statuses an order passes before it is scheduled. An order still in one of these turns
 * `scheduled` when its `scheduled_after_ms` is due; this is the natural lifecycle, independent
 * of the admin-managed cancelable set.
 */
export const PRE_SCHEDULED: readonly OrderStatus[] = ['new_request', 'ordered', 'scheduling'];

export const CANCELATION_REASONS = ['duplicate_order', 'client_requested_cancelation'] as const;
export type CancelationReason = (typeof CANCELATION_REASONS)[number];

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

/** The simulator's record of one order. Times are epoch ms from the simulator clock. */
export interface Order {
  /** Numeric string, e.g. "654321" (the docs show a string; retrieve calls it an integer). */
  orderId: string;
  /** The integration (account) that placed it: only calls with its token see it. */
  account: string;
  /** The integration's own id for the order, if it gave one; unique when present. */
  requestId: string | null;
  /** Creation sequence number: the stable order of listing. */
  seq: number;
  status: OrderStatus;
  appointmentConfirmed: boolean;
  createdMs: number;
  /**
   * When a pre-scheduled order turns `scheduled` with a confirmed appointment on its own; null =
   * never. Applied lazily on every read (`settle`) rather than with a timer, so a read is exact at
   * any instant and the race against a cancel is decided by arrival order alone.
   */
  scheduledDueMs: number | null;
  scheduledAtMs: number | null;
  canceledAtMs: number | null;
  cancelationReason: CancelationReason | null;
  notes: string | null;
}

/** Applies the move to `scheduled` if it is due at `now`. */
export function settle(order: Order, now: number): Order {
  if (order.scheduledDueMs !== null && order.scheduledDueMs <= now) {
    if (PRE_SCHEDULED.includes(order.status)) {
      order.status = 'scheduled';
      order.appointmentConfirmed = true;
      order.scheduledAtMs = order.scheduledDueMs;
    }
    // Spent either way: an order moved on (or canceled) before its due time never reschedules.
    order.scheduledDueMs = null;
  }
  return order;
}

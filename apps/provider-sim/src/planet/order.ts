/** Planet order states, in the SDK's sequence; everything after `running` is final. */
export const ORDER_STATES = [
  'queued',
  'running',
  'success',
  'partial',
  'failed',
  'cancelled',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export function isOrderState(value: unknown): value is OrderState {
  return typeof value === 'string' && (ORDER_STATES as readonly string[]).includes(value);
}

/** The simulator's record of one order. Times are epoch ms from the simulator clock. */
export interface Order {
  id: string;
  /** The account that placed it: only calls with that account's key see it. */
  account: string;
  /** Creation sequence number: the stable order of listing and the page marker. */
  seq: number;
  name: string;
  state: OrderState;
  lastMessage: string;
  createdMs: number;
  modifiedMs: number;
  /**
   * When a still-queued order turns running on its own; null = never. Applied lazily on every
   * read (`settle`) rather than with a timer, so 100,000 orders cost no timers and a read is
   * exact at any instant.
   */
  runningDueMs: number | null;
  runningAtMs: number | null;
  cancelledAtMs: number | null;
}

/** Applies the queued → running transition if it is due at `now`. */
export function settle(order: Order, now: number): Order {
  if (order.state === 'queued' && order.runningDueMs !== null && order.runningDueMs <= now) {
    order.state = 'running';
    order.lastMessage = 'Order is running';
    order.runningAtMs = order.runningDueMs;
    order.modifiedMs = order.runningDueMs;
  }
  return order;
}

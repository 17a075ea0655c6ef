/** An order's state as the simulator tracks it; only `open` orders can be cancelled. */
export const ORDER_STATUSES = ['open', 'cancelled', 'filled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The documented `posType` values of a batch cancel (spec §3): `execute` market, `plan` limit,
 * `moveStop` trailing TP/SL, `stopProfitLoss` TP/SL. Each order has one.
 */
export const POS_TYPES = ['execute', 'plan', 'moveStop', 'stopProfitLoss'] as const;
export type PosType = (typeof POS_TYPES)[number];

export const isOrderStatus = (value: unknown): value is OrderStatus =>
  typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);

export const isPosType = (value: unknown): value is PosType =>
  typeof value === 'string' && (POS_TYPES as readonly string[]).includes(value);

/** The simulator's record of one futures order. Times are epoch ms from the simulator clock. */
export interface Order {
  /** Canonical decimal string of a positive 64-bit integer, e.g. `331224539718923842`. */
  id: string;
  /** The account (user) that placed it: only calls with that account's key see it. */
  account: string;
  status: OrderStatus;
  posType: PosType;
  createdMs: number;
  cancelledMs: number | null;
}

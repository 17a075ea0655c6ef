/** What a call that only reads weighs before it takes a slot (see readsYield). */
export interface CancelTraffic {
  /** Targets of the group waiting for a cancel. */
  waiting: number;
  /** Ms since a cancel call last took targets of the group; null if none ever did. */
  sinceClaimMs: number | null;
  /** Calls of the provider in its current window, and the most the window takes. */
  inWindow: number;
  max: number;
  windowMs: number;
}

/**
 * Whether a call that only reads (settling lost Planet races) waits: cancels race the clock,
 * and every slot is theirs first. So it waits while cancels wait, while a surge is still
 * arriving (a cancel call took targets less than two spacings ago: the next one is due, and a
 * read slotted between them would push it a spacing back, which cost a surge of 300 orders
 * their races), and while the window is more than half used, for the cancels still to come.
 */
export function readsYield(traffic: CancelTraffic): boolean {
  if (traffic.waiting > 0) return true;
  const spacingMs = traffic.windowMs / traffic.max;
  if (traffic.sinceClaimMs !== null && traffic.sinceClaimMs < 2 * spacingMs) return true;
  return traffic.inWindow > traffic.max / 2;
}

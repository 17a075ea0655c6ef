import type { Order } from './order.ts';

/** Ground truth for the admin surface. */
export function toTruth(order: Order) {
  return {
    id: order.id,
    account: order.account,
    status: order.status,
    pos_type: order.posType,
    created_at_ms: order.createdMs,
    cancelled_at_ms: order.cancelledMs,
  };
}

import type { Order } from './order.ts';

// Every simulated order carries the same product; clients only ever read it back.
const PRODUCTS = [
  { item_ids: ['20200922_183724_23_106a'], item_type: 'PSScene4Band', product_bundle: 'analytic' },
];

/** The order as the Orders API v2 returns it; `baseUrl` is the absolute `.../planet` root. */
export function toApiOrder(order: Order, baseUrl: string) {
  return {
    _links: { _self: `${baseUrl}/orders/v2/${order.id}` },
    created_on: new Date(order.createdMs).toISOString(),
    error_hints: [] as string[],
    id: order.id,
    last_message: order.lastMessage,
    last_modified: new Date(order.modifiedMs).toISOString(),
    name: order.name,
    products: PRODUCTS,
    state: order.state,
  };
}

/** Ground truth for the admin surface. */
export function toTruth(order: Order) {
  return {
    id: order.id,
    account: order.account,
    state: order.state,
    created_at_ms: order.createdMs,
    running_due_ms: order.state === 'queued' ? order.runningDueMs : null,
    running_at_ms: order.runningAtMs,
    cancelled_at_ms: order.cancelledAtMs,
  };
}

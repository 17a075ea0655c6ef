import { outcome, type Outcome } from '../common/outcome.ts';
import type { OrderStore } from './order-store.ts';

/**
 * `GET /stats/orders/v2` of the caller's account (`owner`). Each simulated account is one user
 * in an organization of its own, so both blocks carry the same counts.
 */
export function orderStats(store: OrderStore, owner: string): Outcome {
  let queued = 0;
  let running = 0;
  for (const order of store.all(undefined, owner)) {
    if (order.state === 'queued') queued++;
    else if (order.state === 'running') running++;
  }
  const counts = { queued_orders: queued, running_orders: running };
  return outcome(200, { organization: counts, user: { ...counts } });
}

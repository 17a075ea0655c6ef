import type { ProviderId } from '@cancelq/contracts';
import type { Stack } from './stack.ts';

/** One order at a simulated provider, the body that cancels it, and whether it is cancelled. */
export interface ProviderOrder {
  provider: ProviderId;
  body: Record<string, unknown>;
  /** The provider's own truth, not cancelq's record of it. */
  cancelled(): Promise<boolean>;
}

/**
 * `count` fresh orders at each of the four providers, interleaved (planet, coinw, planomatic,
 * hypertrack, planet, …), each with the one-order cancellation that cancels it: a stream of
 * requests that keeps every provider's queue busy.
 */
export async function ordersAtEveryProvider(stack: Stack, count: number): Promise<ProviderOrder[]> {
  const [planet, coinw, planomatic, hypertrack] = await Promise.all([
    // Never turning `running` on their own: a cancellation always finds them cancellable.
    stack.sim.createOrders({ count, running_after_ms: null }),
    stack.coinw.createOrders({ count }),
    stack.planomatic.createOrders({ count }),
    stack.hypertrack.createOrders({ count }),
  ]);
  const orders: ProviderOrder[] = [];
  for (let i = 0; i < count; i += 1) {
    const p = planet[i]!;
    const c = coinw[i]!;
    const m = planomatic[i]!;
    const h = hypertrack[i]!;
    orders.push(
      {
        provider: 'planet',
        body: { provider: 'planet', order_ids: [p.id] },
        cancelled: async () => (await stack.sim.getOrder(p.id))?.state === 'cancelled',
      },
      {
        provider: 'coinw',
        body: { provider: 'coinw', source_ids: [c.id] },
        cancelled: async () => (await stack.coinw.getOrder(c.id))?.status === 'cancelled',
      },
      {
        provider: 'planomatic',
        body: {
          provider: 'planomatic',
          order_id: m.order_id,
          cancelation_reason: 'duplicate_order',
          notes: 'Cluster failover drill.',
        },
        cancelled: async () => (await stack.planomatic.getOrder(m.order_id))?.status === 'canceled',
      },
      {
        provider: 'hypertrack',
        body: { provider: 'hypertrack', order_handle: h.order_handle },
        cancelled: async () => {
          const truth = await stack.hypertrack.getOrder(h.order_handle);
          const legs = truth?.attempts.at(-1)?.legs ?? [];
          return legs.length > 0 && legs.every((leg) => leg.status === 'cancelled');
        },
      },
    );
  }
  return orders;
}

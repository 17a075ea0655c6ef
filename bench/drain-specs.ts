import type { BenchConfig } from './config.ts';
import type { Provider } from './harness/sim-record.ts';
import type { BenchStack } from './harness/stack.ts';

export interface DrainLimit {
  max: number;
  duration_ms: number;
}

export interface DrainSpec {
  provider: Provider;
  limit: DrainLimit;
  /** Ids (orders) in the drain and calls they take. */
  ids: number;
  calls: number;
  /** Creates the orders at the simulator and asks cancelq to cancel them. */
  submit(stack: BenchStack): Promise<void>;
}

/** CoinW's batch cancel takes at most 20 ids; the others one order per call. */
export const COINW_IDS_PER_CALL = 20;

/**
 * The four drains, each at its limit. Planet runs with `PLANET_BULK_MAX=1` (see
 * `drainEnv`), so every provider but CoinW makes one call per order.
 */
export function drainSpecs({
  coinwIds,
  planomaticCancellations,
  planetOrders,
  hypertrackOrders,
}: BenchConfig['drain']): DrainSpec[] {
  return [
    {
      provider: 'coinw',
      limit: { max: 10, duration_ms: 1_000 },
      ids: coinwIds,
      calls: Math.ceil(coinwIds / COINW_IDS_PER_CALL),
      async submit(stack) {
        const orders = await stack.sim.coinw.createOrders({ count: coinwIds });
        await stack.api.expect(202, 'POST', '/v1/cancellations', {
          provider: 'coinw',
          source_ids: orders.map((o) => o.id),
          pos_type: 'plan',
        });
      },
    },
    {
      // PlanOmatic's 100/60s, scaled down so a drain takes seconds, not minutes.
      provider: 'planomatic',
      limit: { max: 20, duration_ms: 2_000 },
      ids: planomaticCancellations,
      calls: planomaticCancellations,
      async submit(stack) {
        await cancelPlanomaticOrders(stack, planomaticCancellations);
      },
    },
    {
      // PLANET_BULK_MAX=1: one order per call, so calls = orders.
      provider: 'planet',
      limit: { max: 10, duration_ms: 1_000 },
      ids: planetOrders,
      calls: planetOrders,
      async submit(stack) {
        const orders = await stack.sim.planet.createOrders({ count: planetOrders });
        await stack.api.expect(202, 'POST', '/v1/cancellations', {
          provider: 'planet',
          order_ids: orders.map((o) => o.id),
        });
      },
    },
    {
      provider: 'hypertrack',
      limit: { max: 10, duration_ms: 1_000 },
      ids: hypertrackOrders,
      calls: hypertrackOrders,
      async submit(stack) {
        const orders = await stack.sim.hypertrack.createOrders({ count: hypertrackOrders });
        await stack.api.expect(202, 'POST', '/v1/cancellations/batch', {
          cancellations: orders.map((o) => ({
            provider: 'hypertrack',
            order_handle: o.order_handle,
          })),
        });
      },
    },
  ];
}

/** Worker and API settings for the drains: one Planet order per call, the scaled limits. */
export function drainEnv(specs: DrainSpec[]): Record<string, string> {
  const env: Record<string, string> = { PLANET_BULK_MAX: '1' };
  for (const spec of specs)
    env[`${spec.provider.toUpperCase()}_RATE_LIMIT`] =
      `${spec.limit.max}/${spec.limit.duration_ms}ms`;
  return env;
}

/** `count` new PlanOmatic orders, each cancelled by a cancellation of its own, in one batch. */
export async function cancelPlanomaticOrders(stack: BenchStack, count: number): Promise<void> {
  const orders = await stack.sim.planomatic.createOrders({ count });
  await stack.api.expect(202, 'POST', '/v1/cancellations/batch', {
    cancellations: orders.map((o) => ({
      provider: 'planomatic',
      order_id: o.order_id,
      cancelation_reason: 'client_requested_cancelation',
      notes: 'pnpm bench',
    })),
  });
}

import type { SimCall, SimControls } from '../src/control/sim-types.ts';
import { BATCH, startCoinwSim } from './coinw-helpers.ts';
import { queuedOrders, startTestSim } from './helpers.ts';
import { startHypertrackSim } from './hypertrack-helpers.ts';
import { cancelableOrders, cancelBody, startPlanomaticSim } from './planomatic-helpers.ts';

/**
 * One cancel call at each simulated provider, behind one shape, for the behaviours the common
 * layer gives all four alike (faults): each test runs once per provider.
 */
export interface AnyProviderSim {
  sim: Pick<SimControls<unknown>, 'addFaults' | 'clearFaults'> & {
    calls(): Promise<{ calls: SimCall[]; count: number }>;
  };
  /** A fresh order the provider will cancel; its id as a cancel names it. */
  newOrder(): Promise<string>;
  /** One cancel call for `id`, made as a correct client makes it. */
  cancel(id: string, signal?: AbortSignal): Promise<Response>;
  /** Ground truth: has the provider cancelled the order? */
  isCancelled(id: string): Promise<boolean>;
  stop(): Promise<void>;
}

export const EVERY_PROVIDER: [string, () => Promise<AnyProviderSim>][] = [
  [
    'planet',
    async () => {
      const t = await startTestSim();
      return {
        sim: t.sim,
        newOrder: async () => (await queuedOrders(t, 1))[0]!,
        cancel: (id, signal) => t.api('PUT', `/orders/v2/${id}`, signal ? { signal } : {}),
        isCancelled: async (id) => (await t.sim.getOrder(id))?.state === 'cancelled',
        stop: () => t.stop(),
      };
    },
  ],
  [
    'coinw',
    async () => {
      const t = await startCoinwSim();
      return {
        sim: t.sim,
        newOrder: async () => (await t.orders(1))[0]!,
        cancel: (id, signal) =>
          t.api('DELETE', BATCH, { body: { sourceIds: [id] }, ...(signal ? { signal } : {}) }),
        isCancelled: async (id) => (await t.statusOf(id)) === 'cancelled',
        stop: () => t.stop(),
      };
    },
  ],
  [
    'planomatic',
    async () => {
      const t = await startPlanomaticSim();
      return {
        sim: t.sim,
        newOrder: async () => (await cancelableOrders(t, 1))[0]!,
        cancel: (id, signal) => t.cancel(cancelBody({ order_id: id }), signal ? { signal } : {}),
        isCancelled: async (id) => (await t.sim.getOrder(id))?.status === 'canceled',
        stop: () => t.stop(),
      };
    },
  ],
  [
    'hypertrack',
    async () => {
      const t = await startHypertrackSim();
      return {
        sim: t.sim,
        newOrder: async () => (await t.sim.createOrders({ count: 1 }))[0]!.order_handle,
        cancel: (handle, signal) => t.cancel(handle, undefined, signal ? { signal } : {}),
        isCancelled: async (handle) =>
          (await t.sim.getOrder(handle))?.attempts
            .at(-1)
            ?.legs.every((leg) => leg.status === 'cancelled') ?? false,
        stop: () => t.stop(),
      };
    },
  ],
];

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, PlanetClient } from '@cancelq/providers';
import {
  planetSimClient,
  providerContractBattery,
  startSimulator,
  type PlanetSimClient,
  type RunningSimulatorProcess,
} from '@cancelq/test-utils';
import type { NonEmptyArray, PlanetCancelJob } from '@cancelq/contracts';
import { planetHandler } from '../../src/planet/planet-handler.ts';
import { CONTRACT_TIMEOUT_MS, finalVerdictOf, verdictOf } from './verdict.ts';

const KEY = 'contract-planet-key';
let simProcess: RunningSimulatorProcess;
let sim: PlanetSimClient;

beforeAll(async () => {
  simProcess = await startSimulator({ SIM_PLANET_API_KEY: KEY });
  sim = planetSimClient(simProcess.url);
  await sim.setLimit({ max: 1_000 });
});
afterAll(async () => simProcess?.stop());

function handler(apiKey: string) {
  const http = new HttpClient({ baseUrl: sim.apiBaseUrl, timeoutMs: CONTRACT_TIMEOUT_MS });
  return planetHandler(new PlanetClient(http, apiKey));
}
const job = (...orderIds: NonEmptyArray<string>): PlanetCancelJob => ({
  kind: 'planet.cancel',
  cancellationId: 'c',
  orderIds,
});
const cancel = (apiKey: string) => (orderId: string) => verdictOf(handler(apiKey), job(orderId));

providerContractBattery('planet', () => ({
  requestTimeoutMs: CONTRACT_TIMEOUT_MS,
  sim,
  newOrder: async () => (await sim.createOrders({ count: 1 }))[0]!.id,
  isCancelled: async (id) => (await sim.getOrder(id))?.state === 'cancelled',
  unknownOrder: () => Promise.resolve(randomUUID()),
  cancel: cancel(KEY),
  // A retried PUT of an order our lost call cancelled meets 409; the reconciling GET settles it.
  cancelToTheEnd: (id) => finalVerdictOf(handler(KEY), job(id)),
  cancelWithWrongCredentials: cancel('not-the-key'),
  permanentRefusals: [
    // The SDK refuses non-UUIDs before sending; one that got through meets Planet's 400.
    { what: 'an id that is not a UUID', cancel: () => cancel(KEY)('not-a-uuid') },
    {
      what: 'more ids in one bulk call than Planet takes',
      cancel: async () => {
        const [a, b] = await sim.createOrders({ count: 2 });
        await sim.setConfig({ bulk_max: 1 });
        try {
          return await verdictOf(handler(KEY), job(a!.id, b!.id));
        } finally {
          await sim.setConfig({ bulk_max: 1_000 });
        }
      },
    },
  ],
  notCancellableOrder: async () =>
    (await sim.createOrders({ orders: [{ state: 'running' }] }))[0]!.id,
}));

describe('Planet, beyond the battery', () => {
  it('an order no longer queued is refused and goes to a reconciling GET, not a retry', async () => {
    const [order] = await sim.createOrders({ orders: [{ state: 'running' }] });
    const step = await handler(KEY)(
      { kind: 'planet.cancel', cancellationId: 'c', orderIds: [order!.id] },
      {},
    );
    expect(step.updates).toEqual([expect.objectContaining({ id: order!.id, outcome: 'pending' })]);
    expect(step.followUps?.map((f) => f.data.kind)).toEqual(['planet.reconcile']);
    expect(step.retry).toBeUndefined();
  });

  it('the reconciling GET settles on the state: running → not_cancellable', async () => {
    const [order] = await sim.createOrders({ orders: [{ state: 'running' }] });
    expect(
      await verdictOf(handler(KEY), {
        kind: 'planet.reconcile',
        cancellationId: 'c',
        orderId: order!.id,
      }),
    ).toEqual({ outcome: 'not_cancellable', detail: 'order is running, no longer queued' });
  });
});

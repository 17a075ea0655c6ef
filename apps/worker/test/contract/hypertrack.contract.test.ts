import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HypertrackClient } from '@cancelq/providers';
import {
  hypertrackSimClient,
  providerContractBattery,
  startSimulator,
  type HypertrackSimClient,
  type RunningSimulatorProcess,
} from '@cancelq/test-utils';
import type { HypertrackCancelJob } from '@cancelq/contracts';
import { hypertrackHandler } from '../../src/hypertrack/hypertrack-handler.ts';
import { CONTRACT_TIMEOUT_MS, finalVerdictOf, verdictOf } from './verdict.ts';

const ACCOUNT = 'contract-account';
const SECRET = 'contract-hypertrack-secret';
let simProcess: RunningSimulatorProcess;
let sim: HypertrackSimClient;

beforeAll(async () => {
  simProcess = await startSimulator({
    SIM_HYPERTRACK_ACCOUNT_ID: ACCOUNT,
    SIM_HYPERTRACK_SECRET_KEY: SECRET,
  });
  sim = hypertrackSimClient(simProcess.url);
  await sim.setLimit({ max: 1_000 });
});
afterAll(async () => simProcess?.stop());

function handler(secret = SECRET) {
  const http = new HttpClient({ baseUrl: sim.apiBaseUrl, timeoutMs: CONTRACT_TIMEOUT_MS });
  return hypertrackHandler(new HypertrackClient(http, ACCOUNT, secret));
}
const job = (
  orderHandle: string,
  selectors: Partial<HypertrackCancelJob> = {},
): HypertrackCancelJob => ({
  kind: 'hypertrack.cancel',
  cancellationId: 'c',
  orderHandle,
  ...selectors,
});
const newOrder = async (handle = `order-${randomUUID()}`) =>
  (await sim.createOrders({ orders: [{ order_handle: handle }] }))[0]!.order_handle;

providerContractBattery('hypertrack', () => ({
  requestTimeoutMs: CONTRACT_TIMEOUT_MS,
  sim,
  newOrder: () => newOrder(),
  isCancelled: async (handle) =>
    (await sim.getOrder(handle))?.attempts.at(-1)?.legs.every((l) => l.status === 'cancelled') ??
    false,
  unknownOrder: () => Promise.resolve(`never-created-${randomUUID()}`),
  cancel: (handle) => verdictOf(handler(), job(handle)),
  // A retry of a cancel that went through meets recancel_status "Order is already cancelled".
  cancelToTheEnd: (handle) => finalVerdictOf(handler(), job(handle)),
  cancelWithWrongCredentials: (handle) => verdictOf(handler('wrong-secret'), job(handle)),
  // 422 validation errors on the selectors (the API's schemas stop these before a job exists).
  permanentRefusals: [
    {
      what: 'a negative type_index',
      cancel: async () => verdictOf(handler(), job(await newOrder(), { typeIndex: -1 })),
    },
    {
      what: 'a type that is neither drop nor pick',
      cancel: async () =>
        verdictOf(
          handler(),
          job(await newOrder(), { type: 'both' as HypertrackCancelJob['type'] }),
        ),
    },
  ],
  notCancellableOrder: async () => {
    const handle = await newOrder();
    await sim.updateOrder(handle, { status: 'completed' });
    return handle;
  },
}));

describe('HyperTrack, beyond the battery', () => {
  it('a completed order → not_cancellable with HyperTrack’s words', async () => {
    const handle = await newOrder();
    await sim.updateOrder(handle, { status: 'completed' });
    expect(await verdictOf(handler(), job(handle))).toEqual({
      outcome: 'not_cancellable',
      detail: 'Order is already completed',
    });
  });

  it('an order already cancelled (a retry after a lost answer) → cancelled, saying so', async () => {
    const handle = await newOrder();
    expect(await verdictOf(handler(), job(handle))).toMatchObject({ outcome: 'cancelled' });
    expect(await verdictOf(handler(), job(handle))).toEqual({
      outcome: 'cancelled',
      detail: 'already cancelled',
    });
  });

  // Which status HyperTrack refuses these with is unknown (providers.md §4): whatever the
  // simulator is set to, the message must decide.
  it.each([400, 404, 409, 422])(
    'completed_status %i: a completed order → not_cancellable every time',
    async (status) => {
      await sim.setConfig({ completed_status: status });
      try {
        const handle = await newOrder();
        await sim.updateOrder(handle, { status: 'completed' });
        expect(await verdictOf(handler(), job(handle))).toEqual({
          outcome: 'not_cancellable',
          detail: 'Order is already completed',
        });
        const [call] = (await sim.calls()).calls.slice(-1);
        expect(call?.status).toBe(status);
      } finally {
        await sim.setConfig({ completed_status: 409 });
      }
    },
  );

  it.each([400, 404, 409, 422])(
    'recancel_status %i: an order already cancelled → cancelled every time',
    async (status) => {
      await sim.setConfig({ recancel_status: status });
      try {
        const handle = await newOrder();
        await sim.updateOrder(handle, { status: 'cancelled' });
        expect(await verdictOf(handler(), job(handle))).toEqual({
          outcome: 'cancelled',
          detail: 'already cancelled',
        });
      } finally {
        await sim.setConfig({ recancel_status: 409 });
      }
    },
  );

  it('selectors that match no leg → not_found', async () => {
    const handle = await newOrder();
    expect(await verdictOf(handler(), job(handle, { type: 'pick' }))).toMatchObject({
      outcome: 'not_found',
    });
  });

  it('handles with spaces, slashes, reserved characters and unicode reach the simulator whole', async () => {
    for (const raw of ['a b', 'route/7/stop 3', 'q?x=1#frag', '100% done', 'zürich-🚚-配送']) {
      const handle = await newOrder(`${raw}-${randomUUID().slice(0, 4)}`);
      const before = (await sim.calls()).count;
      expect(await verdictOf(handler(), job(handle))).toMatchObject({ outcome: 'cancelled' });
      const [call] = (await sim.calls()).calls.slice(before);
      expect(call?.ids).toEqual([handle]);
    }
  });

  it('the dot segments `.` and `..` cannot be addressed in a URL: failed, without a call', async () => {
    const before = (await sim.calls()).count;
    for (const handle of ['.', '..']) {
      expect(await verdictOf(handler(), job(handle))).toMatchObject({ retry: 'never' });
    }
    expect((await sim.calls()).count).toBe(before);
  });
});

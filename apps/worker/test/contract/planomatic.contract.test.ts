import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, PlanomaticClient } from '@cancelq/providers';
import {
  planomaticSimClient,
  providerContractBattery,
  startSimulator,
  type PlanomaticSimClient,
  type RunningSimulatorProcess,
} from '@cancelq/test-utils';
import type { PlanomaticCancelJob } from '@cancelq/contracts';
import { planomaticHandler } from '../../src/planomatic/planomatic-handler.ts';
import { CONTRACT_TIMEOUT_MS, finalVerdictOf, verdictOf } from './verdict.ts';

const TOKEN = 'contract-planomatic-token';
let simProcess: RunningSimulatorProcess;
let sim: PlanomaticSimClient;

beforeAll(async () => {
  simProcess = await startSimulator({ SIM_PLANOMATIC_API_TOKEN: TOKEN });
  sim = planomaticSimClient(simProcess.url);
  await sim.setLimit({ max: 1_000 });
});
afterAll(async () => simProcess?.stop());

function handler(token = TOKEN, field: 'api_token' | 'api_key' = 'api_token') {
  const http = new HttpClient({ baseUrl: sim.apiBaseUrl, timeoutMs: CONTRACT_TIMEOUT_MS });
  return planomaticHandler(new PlanomaticClient(http, token, field));
}
const job = (ids: { orderId?: string; requestId?: string }): PlanomaticCancelJob => ({
  kind: 'planomatic.cancel',
  cancellationId: 'c',
  ...ids,
  reason: 'duplicate_order',
  notes: 'Sent twice by the booking form.',
});
const newOrder = async (fields: { status?: 'scheduled'; appointment_confirmed?: boolean } = {}) =>
  (await sim.createOrders({ orders: [fields] }))[0]!.order_id;

providerContractBattery('planomatic', () => ({
  requestTimeoutMs: CONTRACT_TIMEOUT_MS,
  sim,
  newOrder: () => newOrder(),
  isCancelled: async (id) => (await sim.getOrder(id))?.status === 'canceled',
  unknownOrder: () => Promise.resolve('999999999'),
  cancel: (orderId) => verdictOf(handler(), job({ orderId })),
  // A retry of a cancel that went through meets 400 not_cancelable "… is canceled".
  cancelToTheEnd: (orderId) => finalVerdictOf(handler(), job({ orderId })),
  cancelWithWrongCredentials: (orderId) => verdictOf(handler('wrong-token'), job({ orderId })),
  // 400 validation-errors about the request's own fields (the API's schemas stop these first).
  permanentRefusals: [
    {
      what: 'notes longer than 255 characters',
      cancel: async () =>
        verdictOf(handler(), { ...job({ orderId: await newOrder() }), notes: 'n'.repeat(256) }),
    },
    {
      what: 'a cancelation_reason PlanOmatic does not know',
      cancel: async () =>
        verdictOf(handler(), {
          ...job({ orderId: await newOrder() }),
          reason: 'changed_my_mind' as PlanomaticCancelJob['reason'],
        }),
    },
  ],
  notCancellableOrder: () => newOrder({ status: 'scheduled' }),
}));

describe('PlanOmatic, beyond the battery', () => {
  it('a scheduled order → not_cancellable, naming its status', async () => {
    const id = await newOrder({ status: 'scheduled' });
    const verdict = await verdictOf(handler(), job({ orderId: id }));
    expect(verdict).toMatchObject({ outcome: 'not_cancellable' });
    expect('detail' in verdict ? verdict.detail : '').toMatch(/is scheduled/);
  });

  it('a confirmed appointment → not_cancellable, saying so', async () => {
    const id = await newOrder({ appointment_confirmed: true });
    const verdict = await verdictOf(handler(), job({ orderId: id }));
    expect(verdict).toMatchObject({ outcome: 'not_cancellable' });
    expect('detail' in verdict ? verdict.detail : '').toMatch(/confirmed appointment/);
  });

  it('an order already canceled (a retry after a lost answer) → cancelled, saying so', async () => {
    const id = await newOrder();
    expect(await verdictOf(handler(), job({ orderId: id }))).toMatchObject({
      outcome: 'cancelled',
    });
    expect(await verdictOf(handler(), job({ orderId: id }))).toEqual({
      outcome: 'cancelled',
      detail: 'already canceled',
    });
  });

  it('the token goes in the configured field: api_key when PlanOmatic wants api_key', async () => {
    await sim.setTokenField('api_key');
    try {
      const id = await newOrder();
      expect(await verdictOf(handler(TOKEN, 'api_token'), job({ orderId: id }))).toMatchObject({
        retry: 'never',
        message: expect.stringContaining('api_key: missing') as string,
      });
      expect(await verdictOf(handler(TOKEN, 'api_key'), job({ orderId: id }))).toMatchObject({
        outcome: 'cancelled',
      });
    } finally {
      await sim.setTokenField('api_token');
    }
  });
});

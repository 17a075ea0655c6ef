import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoinwClient, HttpClient } from '@cancelq/providers';
import {
  coinwSimClient,
  providerContractBattery,
  startSimulator,
  type CoinwSimClient,
  type RunningSimulatorProcess,
} from '@cancelq/test-utils';
import type { CoinwCancelJob, NonEmptyArray } from '@cancelq/contracts';
import { coinwHandler } from '../../src/coinw/coinw-handler.ts';
import { CONTRACT_TIMEOUT_MS, finalVerdictOf, verdictOf } from './verdict.ts';

const KEY = 'contract-coinw-key';
const SECRET = 'contract-coinw-secret';
let simProcess: RunningSimulatorProcess;
let sim: CoinwSimClient;
let unknownIds = 0;

beforeAll(async () => {
  simProcess = await startSimulator({ SIM_COINW_API_KEY: KEY, SIM_COINW_SECRET_KEY: SECRET });
  sim = coinwSimClient(simProcess.url);
  await sim.setLimit({ max: 1_000 });
  // By default CoinW ignores unknown ids silently (code 0); this mode makes it say so (9012).
  await sim.setConfig({ reject_unknown: 1 });
});
afterAll(async () => simProcess?.stop());

function handler(secret = SECRET, now: () => number = Date.now) {
  const http = new HttpClient({ baseUrl: sim.apiBaseUrl, timeoutMs: CONTRACT_TIMEOUT_MS });
  return coinwHandler(new CoinwClient(http, { apiKey: KEY, secretKey: secret }, now));
}
const job = (...sourceIds: NonEmptyArray<string>): CoinwCancelJob => ({
  kind: 'coinw.cancel',
  cancellationId: 'c',
  sourceIds,
  chunk: 1,
  chunks: 1,
});

providerContractBattery('coinw', () => ({
  requestTimeoutMs: CONTRACT_TIMEOUT_MS,
  sim,
  newOrder: async () => (await sim.createOrders({ count: 1 }))[0]!.id,
  isCancelled: async (id) => (await sim.getOrder(id))?.status === 'cancelled',
  unknownOrder: () => Promise.resolve(String(1_000_000 + (unknownIds += 1))),
  cancel: (id) => verdictOf(handler(), job(id)),
  // A retried batch naming an order already cancelled answers code 0 again: CoinW skips it.
  cancelToTheEnd: (id) => finalVerdictOf(handler(), job(id)),
  cancelWithWrongCredentials: (id) => verdictOf(handler('not-the-secret'), job(id)),
  // Code 1 "Invalid parameter" for an id alone in its call: the exchange's validation refusal.
  permanentRefusals: [
    {
      what: 'an id beyond a 64-bit integer',
      cancel: () => verdictOf(handler(), job('9'.repeat(25))),
    },
    { what: 'the id 0', cancel: () => verdictOf(handler(), job('0')) },
  ],
  // No notCancellableOrder: CoinW's batch cancel answers code 0 whatever became of the ids it
  // names, skipping filled and cancelled orders silently (no per-id report, spec §3), so no
  // answer ever says "not cancellable" (the single-order 9012 is also what an unknown id gets).
}));

describe('CoinW, beyond the battery', () => {
  it('a wrong secret names the signature, and the clock', async () => {
    const [order] = await sim.createOrders({ count: 1 });
    const verdict = await verdictOf(handler('not-the-secret'), job(order!.id));
    expect(verdict).toMatchObject({ retry: 'never' });
    expect('message' in verdict ? verdict.message : '').toMatch(
      /CoinW code 6001: Invalid signature.*COINW_SECRET_KEY.*clock/,
    );
  });

  it('a clock a minute off is refused with a hint to check it', async () => {
    const [order] = await sim.createOrders({ count: 1 });
    const verdict = await verdictOf(
      handler(SECRET, () => Date.now() - 60_000),
      job(order!.id),
    );
    expect(verdict).toMatchObject({ retry: 'never' });
    expect('message' in verdict ? verdict.message : '').toMatch(/timestamp.*clock/);
  });

  it('an id CoinW rejects, alone in its call → failed with the exchange’s words', async () => {
    expect(await verdictOf(handler(), job('9'.repeat(25)))).toEqual({
      outcome: 'failed',
      detail: expect.stringMatching(/^CoinW code 1: Invalid parameter/) as string,
    });
  });

  it('a call rejected for its content is split in halves, nothing retried as is', async () => {
    const orders = await sim.createOrders({ count: 5 });
    const ids = orders.map((o) => o.id);
    const step = await handler()(job(ids[0]!, ids[1]!, '9'.repeat(25), ids[2]!, ids[3]!), {});
    expect(step.updates.map((u) => u.outcome)).toEqual(Array(5).fill('pending'));
    expect(step.retry).toBeUndefined();
    expect(step.followUps?.map((f) => [f.jobId, f.name, f.data])).toEqual([
      [
        'c-1-a',
        'coinw · 3 ids · chunk 1/1 · half a',
        { ...job(ids[0]!, ids[1]!, '9'.repeat(25)), half: 'a' },
      ],
      ['c-1-b', 'coinw · 2 ids · chunk 1/1 · half b', { ...job(ids[2]!, ids[3]!), half: 'b' }],
    ]);
    expect((await sim.listOrders('open')).map((o) => o.id)).toEqual(expect.arrayContaining(ids));
  });

  it('the exact signed body is what is sent: posType included', async () => {
    const [order] = await sim.createOrders({ orders: [{ pos_type: 'moveStop' }] });
    const before = (await sim.calls()).count;
    expect(await verdictOf(handler(), { ...job(order!.id), posType: 'moveStop' })).toMatchObject({
      outcome: 'cancelled',
    });
    expect((await sim.calls()).calls.slice(before)).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        body_kind: 'moveStop',
        code: 0,
        ids: [order!.id],
      }),
    ]);
  });
});

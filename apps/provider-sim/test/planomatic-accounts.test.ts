import { afterEach, describe, expect, it } from 'vitest';
import {
  cancelBody,
  startPlanomaticSim,
  validationError,
  type PlanomaticTestSim,
} from './planomatic-helpers.ts';

let t: PlanomaticTestSim;
afterEach(() => t.stop());

const start = async (options: Parameters<typeof startPlanomaticSim>[0] = {}) => {
  t = await startPlanomaticSim(options);
  await t.sim.setAccounts([{ name: 'desk-a', api_token: 'token-a' }]);
};

describe('PlanOmatic accounts', () => {
  it('answers another integration’s order, by order_id or request_id, as unrecognized', async () => {
    await start();
    const [order] = await t.sim.createOrders(
      { orders: [{ request_id: 'req-a' }] },
      { account: 'desk-a' },
    );
    const unrecognized = (attr: string) => validationError([{ attr, message: 'unrecognized' }]);
    const byOrder = await t.cancel(cancelBody({ order_id: order!.order_id }));
    expect([byOrder.status, await byOrder.json()]).toEqual([400, unrecognized('order_id')]);
    const byRequest = await t.cancel(cancelBody({ request_id: 'req-a' }));
    expect([byRequest.status, await byRequest.json()]).toEqual([400, unrecognized('request_id')]);
    expect((await t.sim.getOrder(order!.order_id))?.status).toBe('new_request');

    const mine = await t.cancel(cancelBody({ request_id: 'req-a' }, { api_token: 'token-a' }));
    expect(mine.status).toBe(201);
    expect(await t.sim.getOrder(order!.order_id)).toMatchObject({
      account: 'desk-a',
      status: 'canceled',
    });
  });

  it('reads the account from whichever body field the token field names', async () => {
    await start({ planomatic: { tokenField: 'either' } });
    const [order] = await t.sim.createOrders({ count: 1 }, { account: 'desk-a' });
    const body = cancelBody(
      { order_id: order!.order_id },
      { api_token: undefined, api_key: 'token-a' },
    );
    expect((await t.cancel(body)).status).toBe(201);
    const { calls } = await t.sim.calls();
    expect(calls.map((c) => [c.account, c.status])).toEqual([['desk-a', 201]]);
    // The token is never in the log.
    expect(JSON.stringify(calls)).not.toContain('token-a');
  });

  it('counts a call in its token’s window even when its body is refused', async () => {
    await start();
    await t.sim.setLimit({ account: 'desk-a', max: 1, duration_ms: 60_000 });
    const [order] = await t.sim.createOrders({ count: 1 }, { account: 'desk-a' });
    // No cancelation_reason: a 400, but it took desk-a's one slot.
    const noReason = cancelBody({ order_id: order!.order_id }, { api_token: 'token-a' });
    delete noReason.cancelation_reason;
    expect((await t.cancel(noReason)).status).toBe(400);
    const full = await t.cancel(
      cancelBody({ order_id: order!.order_id }, { api_token: 'token-a' }),
    );
    expect(full.status).toBe(429);
    // default's window is its own.
    const [other] = await t.sim.createOrders({ count: 1 });
    expect((await t.cancel(cancelBody({ order_id: other!.order_id }))).status).toBe(201);
  });

  it('still lets the limiter win over an unparseable body, counted in default’s window', async () => {
    await start({ limit: { max: 1, duration_ms: 60_000 } });
    expect((await t.cancel('{"api_token": "token-a", ')).status).toBe(400);
    const res = await t.cancel('{"api_token": "token-a", ');
    expect([res.status, await res.json()]).toEqual([
      429,
      { code: 429, status: 'rate-limit-exceeded' },
    ]);
    // desk-a never saw either: a body that does not parse names no token.
    const [order] = await t.sim.createOrders({ count: 1 }, { account: 'desk-a' });
    const mine = await t.cancel(
      cancelBody({ order_id: order!.order_id }, { api_token: 'token-a' }),
    );
    expect(mine.status).toBe(201);
    expect((await t.sim.calls()).calls.map((c) => c.account)).toEqual([null, null, 'desk-a']);
  });
});

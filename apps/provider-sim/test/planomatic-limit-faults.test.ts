import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './helpers.ts';
import {
  cancelableOrders,
  cancelBody,
  startPlanomaticSim,
  type PlanomaticTestSim,
} from './planomatic-helpers.ts';

let t: PlanomaticTestSim;
afterEach(() => t.stop());

const RATE_LIMITED = { code: 429, status: 'rate-limit-exceeded' };

describe('rate limit', () => {
  it('defaults to 100 per 60 s: the 101st quick call is 429 rate-limit-exceeded, no Retry-After', async () => {
    t = await startPlanomaticSim({ limit: 'default' });
    const ids = await cancelableOrders(t, 101);
    const responses = await Promise.all(ids.map((id) => t.cancel(cancelBody({ order_id: id }))));
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBe(1);
    expect(await limited[0]!.json()).toEqual(RATE_LIMITED);
    expect(limited[0]!.headers.get('retry-after')).toBeNull();
    expect((await t.sim.listOrders('canceled')).length).toBe(100);

    const log = await t.sim.calls();
    expect(log).toMatchObject({
      count: 101,
      count_429: 1,
      limit: { max: 100, duration_ms: 60_000 },
    });
    expect(log.max_in_window).toBe(101);
  });

  it('counts rejected calls (bad token, bad body, unknown route) against the window', async () => {
    t = await startPlanomaticSim({ limit: { max: 3, duration_ms: 60_000 } });
    const [id] = await cancelableOrders(t, 1);
    const statuses = [
      (await t.cancel(cancelBody({ order_id: id }, { api_token: 'nope' }))).status,
      (await t.cancel('not json', { contentType: 'text/plain' })).status,
      (await t.api('GET', '/api/v3/orders/retrieve')).status,
      (await t.cancel(cancelBody({ order_id: id }))).status,
    ];
    expect(statuses).toEqual([400, 400, 404, 429]);
    expect((await t.sim.getOrder(id!))?.status).toBe('new_request');
  });

  it('gives refused calls no slot, and applies a raised or lowered limit at once', async () => {
    t = await startPlanomaticSim({ limit: { max: 2, duration_ms: 60_000 } });
    const ids = await cancelableOrders(t, 6);
    const cancel = async (i: number) => (await t.cancel(cancelBody({ order_id: ids[i] }))).status;
    expect([await cancel(0), await cancel(1), await cancel(2), await cancel(3)]).toEqual([
      201, 201, 429, 429,
    ]);
    await t.sim.setLimit({ max: 3 });
    // Had the two 429s taken slots, this would be refused too.
    expect([await cancel(2), await cancel(3)]).toEqual([201, 429]);
    await t.sim.setLimit({ max: 10 });
    expect(await cancel(3)).toBe(201);
    // Lowered while running: 4 slots in the window, so a limit of 4 refuses at once.
    await t.sim.setLimit({ max: 4 });
    expect(await cancel(4)).toBe(429);
    expect((await t.sim.calls()).limit).toEqual({ max: 4, duration_ms: 60_000 });
    // A short window lets calls through again once the old slots slide out.
    await t.sim.setLimit({ max: 1, duration_ms: 1000 });
    expect(await waitFor(async () => (await cancel(4)) === 201, 5_000, 'a free slot')).toBe(true);
    expect(await cancel(5)).toBe(429);
  });
});

describe('faults', () => {
  const fresh = async () => {
    t = await startPlanomaticSim();
    const [id] = await cancelableOrders(t, 1);
    return id!;
  };

  it.each([
    ['500', { code: 500, status: 'application-crash' }],
    ['502', { code: 502, status: 'bad-gateway' }],
    ['503', { code: 503, status: 'service-unavailable' }],
    ['429', RATE_LIMITED],
  ] as const)(
    '%s answers that status in the V3 envelope and leaves the order alone',
    async (kind, body) => {
      const id = await fresh();
      await t.sim.addFaults([{ kind, count: 1 }]);
      const res = await t.cancel(cancelBody({ order_id: id }));
      expect(res.status).toBe(Number(kind));
      expect(await res.json()).toEqual(body);
      expect(res.headers.get('retry-after')).toBeNull();
      expect((await t.sim.getOrder(id))?.status).toBe('new_request');
      expect((await t.cancel(cancelBody({ order_id: id }))).status).toBe(201);
      const { calls } = await t.sim.calls();
      expect(calls.map((c) => [c.status, c.fault, c.ids])).toEqual([
        [Number(kind), kind, [id]],
        [201, null, [id]],
      ]);
    },
  );

  it.each(['401', '403'] as const)(
    '%s keeps its HTTP status and answers like a bad token (validation-error, unauthorized)',
    async (kind) => {
      const id = await fresh();
      await t.sim.addFaults([{ kind, count: 1 }]);
      const res = await t.cancel(cancelBody({ order_id: id }));
      expect(res.status).toBe(Number(kind));
      expect(await res.json()).toEqual({
        code: Number(kind),
        status: 'validation-error',
        errors: [{ attr: 'api_token', message: 'unauthorized' }],
      });
      expect((await t.sim.getOrder(id))?.status).toBe('new_request');
    },
  );

  it('429 carries Retry-After when retry_after_s is given', async () => {
    const id = await fresh();
    await t.sim.addFaults([{ kind: '429', count: 1, retry_after_s: 30 }]);
    const res = await t.cancel(cancelBody({ order_id: id }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toEqual(RATE_LIMITED);
  });

  it('hang never answers and changes nothing; reset of the simulator drops the socket', async () => {
    const id = await fresh();
    await t.sim.addFaults([{ kind: 'hang', count: 1 }]);
    await expect(
      t.cancel(cancelBody({ order_id: id }), { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect((await t.sim.calls()).calls[0]).toMatchObject({
      status: null,
      fault: 'hang',
      ids: [id],
      body_kind: 'order_id',
    });
    expect((await t.sim.getOrder(id))?.status).toBe('new_request');

    await t.sim.addFaults([{ kind: 'hang' }]);
    const pending = t.cancel(cancelBody({ order_id: id }));
    await waitFor(async () => (await t.sim.calls()).count === 2, 5_000, 'the hung call');
    await t.sim.reset();
    await expect(pending).rejects.toThrow();
  });

  it('reset destroys the socket without answering', async () => {
    const id = await fresh();
    await t.sim.addFaults([{ kind: 'reset', count: 1 }]);
    await expect(t.cancel(cancelBody({ order_id: id }))).rejects.toThrow();
    expect((await t.sim.calls()).calls[0]).toMatchObject({ status: null, fault: 'reset' });
    expect((await t.sim.getOrder(id))?.status).toBe('new_request');
  });

  it('malformed answers 200 application/json with a truncated body', async () => {
    const id = await fresh();
    await t.sim.addFaults([{ kind: 'malformed', count: 1 }]);
    const res = await t.cancel(cancelBody({ order_id: id }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(res.json()).rejects.toThrow(SyntaxError);
    expect((await t.sim.getOrder(id))?.status).toBe('new_request');
  });

  it('never faults a call refused for its token (the token check runs first)', async () => {
    const id = await fresh();
    await t.sim.addFaults([{ kind: '500', count: 1 }]);
    const res = await t.cancel(cancelBody({ order_id: id }, { api_token: 'nope' }));
    expect(res.status).toBe(400);
    expect((await t.cancel(cancelBody({ order_id: id }))).status).toBe(500);
  });

  it('matches path_prefix under the provider or the full path', async () => {
    const id = await fresh();
    await t.sim.addFaults([{ kind: '503', path_prefix: '/planomatic/api/v3/orders/cancel' }]);
    expect((await t.cancel(cancelBody({ order_id: id }))).status).toBe(503);
    await t.sim.clearFaults();
    await t.sim.addFaults([{ kind: '502', method: 'POST', path_prefix: '/api/v3/' }]);
    expect((await t.cancel(cancelBody({ order_id: id }))).status).toBe(502);
    await t.sim.clearFaults();
    expect((await t.cancel(cancelBody({ order_id: id }))).status).toBe(201);
  });
});

describe('unknown routes', () => {
  it('answer 404 not-found in the envelope', async () => {
    t = await startPlanomaticSim();
    for (const [method, path] of [
      ['GET', '/api/v3/orders/cancel'],
      ['POST', '/api/v3/orders/retrieve'],
    ] as const) {
      const body = method === 'POST' ? cancelBody({ order_id: '654321' }) : undefined;
      const res = await t.api(method, path, body);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ code: 404, status: 'not-found' });
    }
  });
});

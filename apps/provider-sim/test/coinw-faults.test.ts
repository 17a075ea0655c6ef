import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BATCH, OK, startCoinwSim, type CoinwTestSim } from './coinw-helpers.ts';
import { waitFor } from './helpers.ts';

let t: CoinwTestSim;
beforeEach(async () => {
  t = await startCoinwSim();
});
afterEach(() => t.stop());

const cancel = (id: string, signal?: AbortSignal) =>
  t.api('DELETE', BATCH, { body: { sourceIds: [id] }, ...(signal ? { signal } : {}) });

describe('CoinW fault injection', () => {
  it.each([
    ['500', 500, { code: 500, msg: 'Internal server error' }],
    ['502', 502, { code: 502, msg: 'Bad Gateway' }],
    ['503', 503, { code: 503, msg: 'Service Unavailable' }],
    ['401', 200, { code: 6000, msg: 'Authentication error' }],
    ['403', 200, { code: 6003, message: 'require more permission', retry: false, success: false }],
    ['429', 200, { code: 29001, msg: 'API access frequently' }],
  ] as const)('%s answers HTTP %i %j and leaves the order alone', async (kind, status, body) => {
    const [id] = await t.orders(1);
    await t.sim.addFaults([{ kind, count: 1 }]);
    const res = await cancel(id!);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(body);
    expect(await t.statusOf(id!)).toBe('open');
    expect(await (await cancel(id!)).json()).toEqual(OK);
    const log = await t.sim.calls();
    expect(log.calls.map((c) => [c.status, c.code, c.fault, c.ids])).toEqual([
      [status, body.code, kind, [id]],
      [200, 0, null, [id]],
    ]);
    expect(log.count_429).toBe(kind === '429' ? 1 : 0);
  });

  it('429 carries Retry-After only when retry_after_s is given, and follows throttle_http_status', async () => {
    const [id] = await t.orders(1);
    await t.sim.addFaults([
      { kind: '429', count: 1, retry_after_s: 7 },
      { kind: '429', count: 1 },
    ]);
    const first = await cancel(id!);
    expect(first.status).toBe(200);
    expect(first.headers.get('retry-after')).toBe('7');
    await t.sim.setConfig({ throttle_http_status: 429 });
    const second = await cancel(id!);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
    expect(await second.json()).toEqual({ code: 29001, msg: 'API access frequently' });
    expect((await t.sim.calls()).count_429).toBe(2);
  });

  it('hang never answers; reset drops the connection; both log code null', async () => {
    const [id] = await t.orders(1);
    await t.sim.addFaults([
      { kind: 'hang', count: 1 },
      { kind: 'reset', count: 1 },
    ]);
    await expect(cancel(id!, AbortSignal.timeout(300))).rejects.toThrow();
    await expect(cancel(id!)).rejects.toThrow();
    await waitFor(async () => (await t.sim.calls()).count === 2, 5_000, 'both calls logged');
    const { calls } = await t.sim.calls();
    expect(calls.map((c) => [c.status, c.code, c.fault])).toEqual([
      [null, null, 'hang'],
      [null, null, 'reset'],
    ]);
    expect(await t.statusOf(id!)).toBe('open');
  });

  it('malformed answers 200 application/json with a truncated body', async () => {
    const [id] = await t.orders(1);
    await t.sim.addFaults([{ kind: 'malformed', count: 1 }]);
    const res = await cancel(id!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(res.json()).rejects.toThrow(SyntaxError);
    expect((await t.sim.calls()).calls[0]).toMatchObject({ code: null, fault: 'malformed' });
    expect(await t.statusOf(id!)).toBe('open');
  });

  it('refused calls (auth) are never faulted and do not spend the fault', async () => {
    const [id] = await t.orders(1);
    await t.sim.addFaults([{ kind: '500', count: 1 }]);
    const refused = await t.call('DELETE', BATCH, { body: { sourceIds: [id] }, apiKey: 'x' });
    expect(refused.body.code).toBe(6000);
    expect((await cancel(id!)).status).toBe(500);
  });
});

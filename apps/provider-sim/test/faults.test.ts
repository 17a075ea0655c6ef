import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimFaultKind } from '../src/control/sim-types.ts';
import { queuedOrders, startTestSim, waitFor, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.stop());

const cancel = (id: string, signal?: AbortSignal) =>
  t.api('PUT', `/orders/v2/${id}`, signal ? { signal } : {});

describe('fault injection', () => {
  it.each(['500', '502', '503', '401', '403'] as const)(
    '%s answers that status with {message}, leaves the order alone, and is spent after count',
    async (kind) => {
      const [id] = await queuedOrders(t, 1);
      await t.sim.addFaults([{ kind, count: 1 }]);
      const res = await cancel(id!);
      expect(res.status).toBe(Number(kind));
      expect(await res.json()).toEqual({ message: expect.any(String) as unknown });
      expect((await t.sim.getOrder(id!))?.state).toBe('queued');
      expect((await cancel(id!)).status).toBe(200);
      const { calls } = await t.sim.calls();
      expect(calls.map((c) => [c.status, c.fault])).toEqual([
        [Number(kind), kind],
        [200, null],
      ]);
    },
  );

  it('429 carries Retry-After only when retry_after_s is given', async () => {
    const [id] = await queuedOrders(t, 1);
    await t.sim.addFaults([
      { kind: '429', count: 1, retry_after_s: 7 },
      { kind: '429', count: 1 },
    ]);
    const first = await cancel(id!);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(await first.json()).toEqual({ message: 'Too many requests' });
    const second = await cancel(id!);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
    expect((await t.sim.getOrder(id!))?.state).toBe('queued');
  });

  it('hang never answers; the call is logged with status null and changes nothing', async () => {
    const [id] = await queuedOrders(t, 1);
    await t.sim.addFaults([{ kind: 'hang', count: 1 }]);
    await expect(cancel(id!, AbortSignal.timeout(300))).rejects.toThrow();
    expect((await t.sim.calls()).calls[0]).toMatchObject({
      status: null,
      fault: 'hang',
      ids: [id],
    });
    expect((await t.sim.getOrder(id!))?.state).toBe('queued');
  });

  it('reset of the simulator destroys a hung socket', async () => {
    const [id] = await queuedOrders(t, 1);
    await t.sim.addFaults([{ kind: 'hang' }]);
    const pending = cancel(id!);
    await waitFor(async () => (await t.sim.calls()).count === 1, 5_000, 'the hung call');
    await t.sim.reset();
    await expect(pending).rejects.toThrow();
  });

  it('reset destroys the socket without answering', async () => {
    const [id] = await queuedOrders(t, 1);
    await t.sim.addFaults([{ kind: 'reset', count: 1 }]);
    await expect(cancel(id!)).rejects.toThrow();
    expect((await t.sim.calls()).calls[0]).toMatchObject({ status: null, fault: 'reset' });
    expect((await t.sim.getOrder(id!))?.state).toBe('queued');
  });

  it('malformed answers 200 application/json with a truncated body', async () => {
    const [id] = await queuedOrders(t, 1);
    await t.sim.addFaults([{ kind: 'malformed', count: 1 }]);
    const res = await cancel(id!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(res.json()).rejects.toThrow(SyntaxError);
    expect((await t.sim.getOrder(id!))?.state).toBe('queued');
  });

  it('rate 1 faults every matching call, rate 0 none', async () => {
    await t.sim.addFaults([{ kind: '503', rate: 0 }]);
    const statuses = async () =>
      Promise.all(Array.from({ length: 5 }, () => t.api('GET', '/stats/orders/v2'))).then((r) =>
        r.map((x) => x.status),
      );
    expect(await statuses()).toEqual([200, 200, 200, 200, 200]);
    await t.sim.addFaults([{ kind: '502', rate: 1 }]);
    expect(await statuses()).toEqual([502, 502, 502, 502, 502]);
  });

  it('matches method and path_prefix (under the provider or the full path)', async () => {
    const [id] = await queuedOrders(t, 1);
    await t.sim.addFaults([
      { kind: '500', method: 'POST' },
      { kind: '502', path_prefix: '/planet/stats' },
      { kind: '503', method: 'GET', path_prefix: '/orders/v2/' },
    ]);
    expect((await t.api('POST', '/bulk/orders/v2/cancel', { body: {} })).status).toBe(500);
    expect((await t.api('GET', '/stats/orders/v2')).status).toBe(502);
    expect((await t.api('GET', `/orders/v2/${id}`)).status).toBe(503);
    expect((await t.api('GET', '/orders/v2')).status).toBe(200);
    expect((await cancel(id!)).status).toBe(200);
  });

  it('runs after the limiter: a limiter 429 wins and does not spend the fault', async () => {
    await t.sim.setLimit({ max: 1, duration_ms: 60_000 });
    await t.sim.addFaults([{ kind: '500', count: 2 }]);
    const stats = async () => (await t.api('GET', '/stats/orders/v2')).status;
    expect([await stats(), await stats()]).toEqual([500, 429]);
    await t.sim.setLimit({ max: 3 });
    expect([await stats(), await stats()]).toEqual([500, 200]);
    const { calls } = await t.sim.calls();
    expect(calls.map((c) => c.fault)).toEqual(['500', null, '500', null]);
  });

  it('skip lets that many matching calls through first: a schedule without dice', async () => {
    // Faults i = 0, 1, 2 with skip 3·(i+1) strike calls 4, 8 and 12: a skipped call counts
    // towards the skip of every fault after it too.
    await t.sim.addFaults([
      { kind: '500', count: 1, skip: 3 },
      { kind: '502', count: 1, skip: 6 },
      { kind: '503', count: 1, skip: 9 },
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await t.api('GET', '/stats/orders/v2')).status);
    expect(statuses).toEqual([
      200, 200, 200, 500, 200, 200, 200, 502, 200, 200, 200, 503, 200, 200,
    ]);
    expect(await t.sim.calls().then((c) => c.calls.map((call) => call.fault))).toEqual(
      statuses.map((status) => (status === 200 ? null : String(status))),
    );
  });

  it('skip counts only the calls a fault matches', async () => {
    const [id] = await queuedOrders(t, 1);
    await t.sim.addFaults([{ kind: '500', count: 1, skip: 1, method: 'GET' }]);
    expect((await t.api('GET', '/stats/orders/v2')).status).toBe(200);
    expect((await cancel(id!)).status).toBe(200);
    expect((await t.api('GET', '/stats/orders/v2')).status).toBe(500);
  });

  it('DELETE /faults clears them', async () => {
    await t.sim.addFaults([{ kind: '500' }]);
    expect((await t.api('GET', '/stats/orders/v2')).status).toBe(500);
    await t.sim.clearFaults();
    expect((await t.api('GET', '/stats/orders/v2')).status).toBe(200);
  });

  it('rejects an unknown fault kind', async () => {
    await expect(t.sim.addFaults([{ kind: 'teapot' as SimFaultKind }])).rejects.toThrow(/400/);
  });
});

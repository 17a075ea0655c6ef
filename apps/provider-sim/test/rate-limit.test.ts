import { afterEach, describe, expect, it } from 'vitest';
import { maxInWindow } from '../src/common/max-in-window.ts';
import { queuedOrders, startTestSim, type TestSim } from './helpers.ts';

let t: TestSim;
afterEach(() => t.stop());

describe('sliding-window rate limit', () => {
  it('answers exactly one of 11 quick calls with 429 under the default 10 per 1000 ms', async () => {
    t = await startTestSim({ limit: 'default' });
    const responses = await Promise.all(
      Array.from({ length: 11 }, () => t.api('GET', '/stats/orders/v2')),
    );
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBe(1);
    expect(await limited[0]!.json()).toEqual({ message: 'Too many requests' });
    expect(limited[0]!.headers.get('retry-after')).toBeNull();

    const log = await t.sim.calls();
    expect(log).toMatchObject({ count: 11, count_429: 1, limit: { max: 10, duration_ms: 1000 } });
    // All 11 (the 429 included) arrived within one window.
    expect(log.max_in_window).toBe(11);
    expect((await t.sim.calls({ windowMs: 3_600_000 })).max_in_window).toBe(11);
  });

  it('counts every kind of API call against the same window', async () => {
    t = await startTestSim({ limit: { max: 5, duration_ms: 60_000 } });
    const [a, b] = await queuedOrders(t, 2);
    const statuses = [];
    statuses.push((await t.api('PUT', `/orders/v2/${a}`)).status);
    statuses.push(
      (await t.api('POST', '/bulk/orders/v2/cancel', { body: { order_ids: [b] } })).status,
    );
    statuses.push((await t.api('GET', `/orders/v2/${a}`)).status);
    statuses.push((await t.api('GET', '/orders/v2')).status);
    statuses.push((await t.api('GET', '/stats/orders/v2')).status);
    statuses.push((await t.api('GET', '/stats/orders/v2')).status);
    statuses.push((await t.api('PUT', `/orders/v2/${a}`, { auth: null })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it('gives 429 answers no slot, and applies a changed limit at once', async () => {
    t = await startTestSim({ limit: { max: 1, duration_ms: 60_000 } });
    const stats = async () => (await t.api('GET', '/stats/orders/v2')).status;
    expect([await stats(), await stats(), await stats()]).toEqual([200, 429, 429]);
    await t.sim.setLimit({ max: 2 });
    // Had the two 429s taken slots, this would be refused too.
    expect([await stats(), await stats()]).toEqual([200, 429]);
    expect((await t.sim.calls()).limit).toEqual({ max: 2, duration_ms: 60_000 });
  });

  it('slides: every decision matches the rule over recorded arrival times', async () => {
    const max = 3;
    const duration = 250;
    t = await startTestSim({ limit: { max, duration_ms: duration } });
    // Four concurrent loops for ~1 s, so calls arrive at every phase of the window.
    const until = Date.now() + 1000;
    const loop = async () => {
      while (Date.now() < until) await t.api('GET', '/stats/orders/v2');
    };
    await Promise.all([loop(), loop(), loop(), loop()]);

    const { calls } = await t.sim.calls();
    const admitted: number[] = [];
    for (const call of calls) {
      const inWindow = admitted.filter((at) => at > call.at_ms - duration).length;
      expect(call.status).toBe(inWindow >= max ? 429 : 200);
      if (call.status === 200) admitted.push(call.at_ms);
    }
    expect(maxInWindow(admitted, duration)).toBe(max);
    // Admitted calls span several windows, so the limiter did let calls through after refusing.
    expect(admitted.length).toBeGreaterThan(2 * max);
    expect(calls.some((c) => c.status === 429)).toBe(true);
  });
});

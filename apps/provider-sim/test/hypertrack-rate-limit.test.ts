import { afterEach, describe, expect, it } from 'vitest';
import { maxInWindow } from '../src/common/max-in-window.ts';
import {
  assignedOrders,
  legStatuses,
  startHypertrackSim,
  type HypertrackTestSim,
} from './hypertrack-helpers.ts';

let t: HypertrackTestSim;
afterEach(() => t.stop());

describe('HyperTrack sliding-window rate limit', () => {
  it('answers exactly one of 11 quick calls with 429 under the default 10 per 1000 ms', async () => {
    t = await startHypertrackSim({ limit: 'default' });
    const handles = await assignedOrders(t, 11);
    const responses = await Promise.all(handles.map((h) => t.cancel(h)));
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBe(1);
    expect(await limited[0]!.json()).toEqual({ detail: {}, message: 'Too many requests' });
    expect(limited[0]!.headers.get('retry-after')).toBeNull();
    expect(responses.filter((r) => r.status === 200).length).toBe(10);

    // The refused call changed nothing: exactly ten orders are cancelled.
    const statuses = await Promise.all(handles.map(async (h) => (await legStatuses(t, h))[0]![2]));
    expect(statuses.filter((s) => s === 'cancelled').length).toBe(10);
    const log = await t.sim.calls();
    expect(log).toMatchObject({ count: 11, count_429: 1, limit: { max: 10, duration_ms: 1000 } });
    expect(log.max_in_window).toBe(11);
    // A limiter 429 comes before the call is described, so it names no order.
    expect(log.calls.find((c) => c.status === 429)?.ids).toEqual([]);
  });

  it('gives refused calls no slot, and applies a changed limit at once', async () => {
    t = await startHypertrackSim({ limit: { max: 1, duration_ms: 60_000 } });
    const [a, b, c] = await assignedOrders(t, 3);
    expect([(await t.cancel(a!)).status, (await t.cancel(b!)).status]).toEqual([200, 429]);
    expect((await t.cancel(b!)).status).toBe(429);
    expect(await legStatuses(t, b!)).toEqual([['drop', 0, 'assigned']]);
    await t.sim.setLimit({ max: 2 });
    // Had the two 429s taken slots, this would be refused too.
    expect([(await t.cancel(b!)).status, (await t.cancel(c!)).status]).toEqual([200, 429]);
  });

  it('counts every call against the window, 401s and 404s included', async () => {
    t = await startHypertrackSim({ limit: { max: 3, duration_ms: 60_000 } });
    const [handle] = await assignedOrders(t, 1);
    const statuses = [
      (await t.cancel(handle!, undefined, { auth: null })).status,
      (await t.cancel('unknown')).status,
      (await t.api('GET', '/no/such/route')).status,
      (await t.cancel(handle!)).status,
    ];
    expect(statuses).toEqual([401, 404, 404, 429]);
  });

  it('slides: every decision matches the rule over recorded arrival times', async () => {
    const max = 3;
    const duration = 250;
    t = await startHypertrackSim({ limit: { max, duration_ms: duration } });
    await t.sim.setConfig({ recancel_status: 200 });
    const [handle] = await assignedOrders(t, 1);
    const until = Date.now() + 800;
    const loop = async () => {
      while (Date.now() < until) await t.cancel(handle!);
    };
    await Promise.all([loop(), loop(), loop()]);

    const { calls } = await t.sim.calls();
    const admitted: number[] = [];
    for (const call of calls) {
      const inWindow = admitted.filter((at) => at > call.at_ms - duration).length;
      expect(call.status).toBe(inWindow >= max ? 429 : 200);
      if (call.status === 200) admitted.push(call.at_ms);
    }
    expect(maxInWindow(admitted, duration)).toBe(max);
    expect(admitted.length).toBeGreaterThan(2 * max);
  });
});

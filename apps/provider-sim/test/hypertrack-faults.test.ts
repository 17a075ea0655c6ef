import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legStatuses, startHypertrackSim, type HypertrackTestSim } from './hypertrack-helpers.ts';
import { waitFor } from './helpers.ts';

// A slash and a space, so the log is seen to hold the decoded handle for faulted calls too.
const HANDLE = 'fault/order 1';

let t: HypertrackTestSim;
beforeEach(async () => {
  t = await startHypertrackSim();
  await t.sim.createOrders({ orders: [{ order_handle: HANDLE }] });
});
afterEach(() => t.stop());

const untouched = async () =>
  expect(await legStatuses(t, HANDLE)).toEqual([['drop', 0, 'assigned']]);

describe('HyperTrack fault injection', () => {
  it.each([
    ['500', 'Internal Server Error'],
    ['502', 'Bad Gateway'],
    ['503', 'Service Unavailable'],
    ['401', 'Unauthorized'],
    ['403', 'Forbidden'],
  ] as const)(
    '%s answers that status with {detail:{}, message}, changes nothing, and is spent after count',
    async (kind, message) => {
      await t.sim.addFaults([{ kind, count: 1 }]);
      const res = await t.cancel(HANDLE, 'type=drop');
      expect(res.status).toBe(Number(kind));
      expect(await res.json()).toEqual({ detail: {}, message });
      await untouched();
      expect((await t.cancel(HANDLE, 'type=drop')).status).toBe(200);
      const { calls } = await t.sim.calls();
      expect(calls.map((c) => [c.status, c.fault, c.ids, c.query])).toEqual([
        [Number(kind), kind, [HANDLE], 'type=drop'],
        [200, null, [HANDLE], 'type=drop'],
      ]);
    },
  );

  it('429 carries Retry-After only when retry_after_s is given', async () => {
    await t.sim.addFaults([
      { kind: '429', count: 1, retry_after_s: 3 },
      { kind: '429', count: 1 },
    ]);
    const first = await t.cancel(HANDLE);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(await first.json()).toEqual({ detail: {}, message: 'Too many requests' });
    const second = await t.cancel(HANDLE);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
    await untouched();
  });

  it('hang never answers; the call is logged with status null and changes nothing', async () => {
    await t.sim.addFaults([{ kind: 'hang', count: 1 }]);
    await expect(
      t.cancel(HANDLE, undefined, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect((await t.sim.calls()).calls[0]).toMatchObject({
      status: null,
      fault: 'hang',
      ids: [HANDLE],
    });
    await untouched();
  });

  it('a simulator reset destroys a hung socket', async () => {
    await t.sim.addFaults([{ kind: 'hang' }]);
    const pending = t.cancel(HANDLE);
    await waitFor(async () => (await t.sim.calls()).count === 1, 5_000, 'the hung call');
    await t.sim.reset();
    await expect(pending).rejects.toThrow();
  });

  it('reset destroys the socket without answering', async () => {
    await t.sim.addFaults([{ kind: 'reset', count: 1 }]);
    await expect(t.cancel(HANDLE)).rejects.toThrow();
    expect((await t.sim.calls()).calls[0]).toMatchObject({ status: null, fault: 'reset' });
    await untouched();
  });

  it('malformed answers 200 application/json with a truncated body', async () => {
    await t.sim.addFaults([{ kind: 'malformed', count: 1 }]);
    const res = await t.cancel(HANDLE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(res.json()).rejects.toThrow(SyntaxError);
    await untouched();
  });

  it('matches method and path_prefix, under the provider or the full path', async () => {
    await t.sim.addFaults([
      { kind: '502', method: 'GET' },
      { kind: '503', path_prefix: '/hypertrack/orders/other' },
      { kind: '500', path_prefix: '/orders/fault' },
    ]);
    expect((await t.api('GET', '/orders/x')).status).toBe(502);
    expect((await t.cancel('other')).status).toBe(503);
    // The prefix matches the path as sent, still encoded (`fault%2Forder%201`).
    expect((await t.cancel(HANDLE)).status).toBe(500);
    await t.sim.clearFaults();
    expect((await t.cancel(HANDLE)).status).toBe(200);
  });

  it('does not fault calls refused by auth (auth runs before faults)', async () => {
    await t.sim.addFaults([{ kind: '500', count: 1 }]);
    expect((await t.cancel(HANDLE, undefined, { auth: null })).status).toBe(401);
    expect((await t.cancel(HANDLE)).status).toBe(500);
  });
});

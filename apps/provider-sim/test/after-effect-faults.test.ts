import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVERY_PROVIDER, type AnyProviderSim } from './every-provider.ts';
import { waitFor } from './helpers.ts';

describe.each(EVERY_PROVIDER)('%s: faults after the provider acted', (_name, start) => {
  let t: AnyProviderSim;
  beforeEach(async () => {
    t = await start();
  });
  afterEach(() => t.stop());

  it.each(['500', '502', '503'] as const)(
    'a %s after effect: the order is cancelled, the answer is the fault',
    async (kind) => {
      const id = await t.newOrder();
      await t.sim.addFaults([{ kind, count: 1, after_effect: true }]);
      const res = await t.cancel(id);
      expect(res.status).toBe(Number(kind));
      expect(await t.isCancelled(id)).toBe(true);
      expect((await t.sim.calls()).calls[0]).toMatchObject({
        status: Number(kind),
        fault: kind,
        after_effect: true,
        ids: [id],
      });
    },
  );

  it('a reset after effect: the order is cancelled, the connection dropped', async () => {
    const id = await t.newOrder();
    await t.sim.addFaults([{ kind: 'reset', count: 1, after_effect: true }]);
    await expect(t.cancel(id)).rejects.toThrow();
    expect(await t.isCancelled(id)).toBe(true);
    expect((await t.sim.calls()).calls[0]).toMatchObject({
      status: null,
      fault: 'reset',
      after_effect: true,
    });
  });

  it('a hang after effect: the order is cancelled, no answer ever comes', async () => {
    const id = await t.newOrder();
    await t.sim.addFaults([{ kind: 'hang', count: 1, after_effect: true }]);
    await expect(t.cancel(id, AbortSignal.timeout(300))).rejects.toThrow();
    expect(await t.isCancelled(id)).toBe(true);
    await waitFor(async () => (await t.sim.calls()).count === 1, 5_000, 'the hung call logged');
    expect((await t.sim.calls()).calls[0]).toMatchObject({
      status: null,
      fault: 'hang',
      after_effect: true,
    });
  });

  it('a malformed body after effect: the order is cancelled, the 200 does not parse', async () => {
    const id = await t.newOrder();
    await t.sim.addFaults([{ kind: 'malformed', count: 1, after_effect: true }]);
    const res = await t.cancel(id);
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow(SyntaxError);
    expect(await t.isCancelled(id)).toBe(true);
  });

  it('an after-effect fault may carry a non-JSON body too', async () => {
    const id = await t.newOrder();
    await t.sim.addFaults([{ kind: '502', count: 1, after_effect: true, body: 'html' }]);
    const res = await t.cancel(id);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('502 Bad Gateway');
    expect(await t.isCancelled(id)).toBe(true);
  });

  it('is spent after count: the next call answers normally', async () => {
    const [first, second] = [await t.newOrder(), await t.newOrder()];
    await t.sim.addFaults([{ kind: '500', count: 1, after_effect: true }]);
    expect((await t.cancel(first)).status).toBe(500);
    expect((await t.cancel(second)).status).toBeLessThan(300);
    const { calls } = await t.sim.calls();
    expect(calls[1]).toMatchObject({ fault: null });
    expect(calls[1]).not.toHaveProperty('after_effect');
  });
});

describe('fault option validation', () => {
  let t: AnyProviderSim;
  beforeEach(async () => {
    t = await EVERY_PROVIDER[0]![1]();
  });
  afterEach(() => t.stop());

  it.each([
    [{ kind: '401', after_effect: true }, /after_effect.*refusal/],
    [{ kind: '429', after_effect: true }, /after_effect/],
    [{ kind: 'hang', body: 'text' }, /body is for the kinds that answer a status/],
    [{ kind: '500', body: 'xml' }, /body must be one of text, html/],
    [{ kind: '500', after_effect: 'yes' }, /after_effect must be a boolean/],
  ] as const)('refuses %j', async (fault, message) => {
    await expect(t.sim.addFaults([fault as never])).rejects.toThrow(message);
  });
});

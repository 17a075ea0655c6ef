import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVERY_PROVIDER, type AnyProviderSim } from './every-provider.ts';

describe.each(EVERY_PROVIDER)('%s: status faults with a body that is not JSON', (_name, start) => {
  let t: AnyProviderSim;
  beforeEach(async () => {
    t = await start();
  });
  afterEach(() => t.stop());

  it('body "text" on a 429: that status, a plain-text reason, Retry-After kept', async () => {
    const id = await t.newOrder();
    await t.sim.addFaults([{ kind: '429', count: 1, body: 'text', retry_after_s: 4 }]);
    const res = await t.cancel(id);
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('retry-after')).toBe('4');
    expect(await res.text()).toBe('Too Many Requests\n');
    expect(await t.isCancelled(id)).toBe(false);
    expect((await t.sim.calls()).calls[0]).toMatchObject({
      status: 429,
      fault: '429',
      fault_body: 'text',
    });
  });

  it.each([
    ['401', 'Unauthorized'],
    ['403', 'Forbidden'],
    ['500', 'Internal Server Error'],
    ['502', 'Bad Gateway'],
    ['503', 'Service Unavailable'],
  ] as const)('body "html" on a %s: that status, an error page naming it', async (kind, reason) => {
    const id = await t.newOrder();
    await t.sim.addFaults([{ kind, count: 1, body: 'html' }]);
    const res = await t.cancel(id);
    expect(res.status).toBe(Number(kind));
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain(`<title>${kind} ${reason}</title>`);
    expect(await t.isCancelled(id)).toBe(false);
    expect((await t.cancel(id)).status).toBeLessThan(300);
    expect(await t.isCancelled(id)).toBe(true);
  });

  it('without body, the fault answers JSON as before (no fault_body in the log)', async () => {
    const id = await t.newOrder();
    await t.sim.addFaults([{ kind: '502', count: 1 }]);
    const res = await t.cancel(id);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual(expect.any(Object));
    expect((await t.sim.calls()).calls[0]).not.toHaveProperty('fault_body');
  });
});

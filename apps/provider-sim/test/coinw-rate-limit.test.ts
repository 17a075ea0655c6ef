import { afterEach, describe, expect, it } from 'vitest';
import { maxInWindow } from '../src/common/max-in-window.ts';
import { BATCH, OK, SINGLE, startCoinwSim, type CoinwTestSim } from './coinw-helpers.ts';

let t: CoinwTestSim;
afterEach(() => t.stop());

const THROTTLED = { code: 29001, msg: 'API access frequently' };

describe('CoinW rate limit', () => {
  it('answers exactly one of 11 quick calls with 29001 under HTTP 200 (default 10 per 1000 ms)', async () => {
    t = await startCoinwSim({ limit: 'default' });
    const ids = await t.orders(11);
    const answers = await Promise.all(
      ids.map((id) => t.call('DELETE', BATCH, { body: { sourceIds: [id] } })),
    );
    const refused = answers.filter((a) => a.body.code === 29001);
    expect(refused.length).toBe(1);
    expect(refused[0]).toMatchObject({ status: 200, body: THROTTLED });
    expect(refused[0]!.headers.get('retry-after')).toBeNull();
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect((await t.sim.listOrders('cancelled')).length).toBe(10);

    const log = await t.sim.calls();
    expect(log).toMatchObject({ count: 11, count_429: 1, limit: { max: 10, duration_ms: 1000 } });
    expect(log.max_in_window).toBe(11);
    // Refused before the body was read: the call is logged, its ids are not.
    expect(log.calls.filter((c) => c.code === 29001).map((c) => [c.status, c.ids])).toEqual([
      [200, []],
    ]);
  });

  it('answers 29001 with HTTP 429 when throttle_http_status is 429', async () => {
    t = await startCoinwSim({ limit: { max: 1, duration_ms: 60_000 } });
    await t.sim.setConfig({ throttle_http_status: 429 });
    expect((await t.call('DELETE', SINGLE, { body: {} })).status).toBe(200);
    const refused = await t.call('DELETE', SINGLE, { body: {} });
    expect(refused).toMatchObject({ status: 429, body: THROTTLED });
    expect((await t.sim.calls()).count_429).toBe(1);
    await expect(t.sim.setConfig({ throttle_http_status: 300 })).rejects.toThrow(/one of 200, 429/);
  });

  it('counts every call, failed auth included, and gives refused calls no slot', async () => {
    t = await startCoinwSim({ limit: { max: 2, duration_ms: 60_000 } });
    const [id] = await t.orders(1);
    const codes = [];
    codes.push(
      (await t.call('DELETE', BATCH, { body: { sourceIds: [id] }, apiKey: 'x' })).body.code,
    );
    codes.push((await t.call('DELETE', BATCH, { body: { sourceIds: [id] } })).body.code);
    codes.push((await t.call('DELETE', BATCH, { body: { sourceIds: [id] } })).body.code);
    codes.push((await t.call('DELETE', SINGLE, { body: { id } })).body.code);
    expect(codes).toEqual([6000, 0, 29001, 29001]);
    await t.sim.setLimit({ max: 3 });
    // Had the two refusals taken slots, this would be refused too.
    expect((await t.call('DELETE', SINGLE, { body: { id } })).body).toEqual({
      code: 9012,
      msg: 'Position not found.',
    });
    expect((await t.sim.calls()).count_429).toBe(2);
  });

  it('slides: every decision matches the rule over recorded arrival times', async () => {
    const max = 3;
    const duration = 250;
    t = await startCoinwSim({ limit: { max, duration_ms: duration } });
    const until = Date.now() + 1000;
    const loop = async () => {
      while (Date.now() < until) await t.call('DELETE', SINGLE, { body: {} });
    };
    await Promise.all([loop(), loop(), loop(), loop()]);

    const { calls } = await t.sim.calls();
    const admitted: number[] = [];
    for (const call of calls) {
      const inWindow = admitted.filter((at) => at > call.at_ms - duration).length;
      expect(call.code).toBe(inWindow >= max ? 29001 : 402);
      if (call.code === 402) admitted.push(call.at_ms);
    }
    expect(maxInWindow(admitted, duration)).toBe(max);
    expect(admitted.length).toBeGreaterThan(2 * max);
  });
});

describe('CoinW error-storm ban (ban_after_errors)', () => {
  it('is off by default', async () => {
    t = await startCoinwSim();
    for (let i = 0; i < 30; i++) await t.call('DELETE', SINGLE, { body: {} });
    expect((await t.call('DELETE', SINGLE, { body: {} })).body.code).toBe(402);
  });

  it('answers 29001 to every call once that many errors came within 10 s', async () => {
    t = await startCoinwSim();
    await t.sim.setConfig({ ban_after_errors: 3 });
    const [id] = await t.orders(1);
    expect((await t.call('DELETE', SINGLE, { body: {} })).body.code).toBe(402);
    expect((await t.call('DELETE', BATCH, { body: { sourceIds: [id] } })).body).toEqual(OK);
    expect((await t.call('DELETE', SINGLE, { body: { id } })).body.code).toBe(9012);
    expect((await t.call('DELETE', BATCH, { body: {}, apiKey: 'x' })).body.code).toBe(6000);
    // Three errors: banned. Even a valid, signed call is refused, and changes nothing.
    const [other] = await t.orders(1);
    const banned = await t.call('DELETE', BATCH, { body: { sourceIds: [other] } });
    expect(banned).toMatchObject({ status: 200, body: THROTTLED });
    expect(await t.statusOf(other!)).toBe('open');
    expect((await t.sim.calls()).count_429).toBe(1);

    // Reset lifts the ban.
    await t.sim.reset();
    const [again] = await t.orders(1);
    expect((await t.call('DELETE', BATCH, { body: { sourceIds: [again] } })).body).toEqual(OK);
  });
});

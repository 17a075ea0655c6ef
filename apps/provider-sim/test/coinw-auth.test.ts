import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signCoinw } from '../src/control/coinw-sim-client.ts';
import { BATCH, COINW_SECRET, OK, startCoinwSim, type CoinwTestSim } from './coinw-helpers.ts';

let t: CoinwTestSim;
beforeEach(async () => {
  t = await startCoinwSim();
});
afterEach(() => t.stop());

/** The signature computed by OpenSSL, independently of any code of ours. */
function opensslSign(secret: string, message: string): string {
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-binary'], {
    input: message,
  });
  return digest.toString('base64');
}

const AUTH_ERROR = { code: 6000, msg: 'Authentication error' };
const NO_PERMISSION = {
  code: 6003,
  message: 'require more permission',
  retry: false,
  success: false,
};

describe('CoinW signing', () => {
  it('accepts requests signed by OpenSSL: JSON body, query string, and both', async () => {
    const ids = await t.orders(4);
    const cases = [
      { query: undefined, body: `{"sourceIds":["${ids[0]}"]}` },
      { query: `sourceIds=${ids[1]}&posType=plan`, body: '' },
      // The signature covers the query and then the body, byte for byte (spacing included).
      { query: 'note=x', body: `{ "sourceIds" : [ ${ids[2]} ] }` },
    ];
    for (const { query, body } of cases) {
      const timestamp = String(Date.now());
      const target = query === undefined ? BATCH : `${BATCH}?${query}`;
      const sign = opensslSign(COINW_SECRET, `${timestamp}DELETE${target}${body}`);
      const init = { timestamp, sign, ...(query === undefined ? {} : { query }) };
      const answer = await t.call('DELETE', BATCH, body === '' ? init : { ...init, body });
      expect(answer.body, target).toEqual(OK);
    }
    expect(await Promise.all(ids.map((id) => t.statusOf(id)))).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'open',
    ]);
  });

  it('signCoinw (used by the other tests) matches OpenSSL on a fixed vector', () => {
    const message = '1701944491793DELETE/v1/perpum/batchOrders{"sourceIds":["33308750270880236"]}';
    const expected = opensslSign('secret-key', message);
    expect(
      signCoinw(
        'secret-key',
        1701944491793,
        'delete',
        '/v1/perpum/batchOrders',
        '{"sourceIds":["33308750270880236"]}',
      ),
    ).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('answers 6001 for a wrong secret, a missing sign, or a body other than the one signed', async () => {
    const [id] = await t.orders(1);
    const body = { sourceIds: [id] };
    const wrong = await t.call('DELETE', BATCH, { body, secret: 'not-the-secret' });
    expect(wrong).toMatchObject({ status: 200, body: { code: 6001, msg: 'Invalid signature' } });
    expect((await t.call('DELETE', BATCH, { body, sign: null })).body.code).toBe(6001);
    const timestamp = String(Date.now());
    const signedOther = signCoinw(COINW_SECRET, timestamp, 'DELETE', BATCH, '{"sourceIds":[]}');
    const tampered = await t.call('DELETE', BATCH, { body, timestamp, sign: signedOther });
    expect(tampered.body.code).toBe(6001);
    // Signed without the query it sent.
    const noQuery = signCoinw(COINW_SECRET, timestamp, 'DELETE', BATCH, '');
    expect(
      (await t.call('DELETE', BATCH, { query: `sourceIds=${id}`, timestamp, sign: noQuery })).body
        .code,
    ).toBe(6001);
    // Signed with the /coinw mount prefix, which is not part of CoinW's path.
    const prefixed = signCoinw(COINW_SECRET, timestamp, 'DELETE', `/coinw${BATCH}`, '');
    expect((await t.call('DELETE', BATCH, { timestamp, sign: prefixed })).body.code).toBe(6001);
    expect(await t.statusOf(id!)).toBe('open');
  });

  it('answers 6001 naming the timestamp when it is stale, early, missing or not a number', async () => {
    const [id] = await t.orders(1);
    const body = { sourceIds: [id] };
    const stale = Date.now() - 31_000;
    const answer = await t.call('DELETE', BATCH, { body, timestamp: stale });
    expect(answer.body).toEqual({
      code: 6001,
      msg: expect.stringContaining(String(stale)) as unknown,
    });
    expect(answer.body.msg).toMatch(/^Invalid signature: timestamp/);
    for (const timestamp of [Date.now() + 31_000, null, 'yesterday', '1.7e12']) {
      const res = await t.call('DELETE', BATCH, { body, timestamp });
      expect(res.body, String(timestamp)).toEqual({
        code: 6001,
        msg: expect.stringMatching(/timestamp/) as unknown,
      });
    }
    expect(await t.statusOf(id!)).toBe('open');

    await t.sim.setConfig({ timestamp_window_ms: 60_000 });
    expect((await t.call('DELETE', BATCH, { body, timestamp: stale })).body).toEqual(OK);
  });

  it('answers 6000 for an unknown or missing api_key, before looking at the signature', async () => {
    const [id] = await t.orders(1);
    const body = { sourceIds: [id] };
    expect((await t.call('DELETE', BATCH, { body, apiKey: 'nope' })).body).toEqual(AUTH_ERROR);
    expect((await t.call('DELETE', BATCH, { body, apiKey: null, sign: null })).body).toEqual(
      AUTH_ERROR,
    );
    expect(await t.statusOf(id!)).toBe('open');
  });

  it('answers the documented 6003 body (message, not msg) when the key may not trade', async () => {
    const [id] = await t.orders(1);
    await t.sim.setConfig({ trade_permission: 0 });
    const answer = await t.call('DELETE', BATCH, { body: { sourceIds: [id] } });
    expect(answer).toMatchObject({ status: 200 });
    expect(answer.body).toEqual(NO_PERMISSION);
    // Identity is checked first: a bad signature is still 6001.
    expect(
      (await t.call('DELETE', BATCH, { body: { sourceIds: [id] }, sign: 'x' })).body.code,
    ).toBe(6001);
    expect(await t.statusOf(id!)).toBe('open');
  });

  it('logs refused calls with the ids they named and the code answered', async () => {
    const [id] = await t.orders(1);
    await t.call('DELETE', BATCH, { body: { sourceIds: [id], posType: 'plan' }, apiKey: 'nope' });
    await t.call('DELETE', BATCH, { body: { sourceIds: [id] }, secret: 'wrong' });
    const { calls } = await t.sim.calls();
    expect(calls.map((c) => [c.status, c.code, c.ids, c.body_kind])).toEqual([
      [200, 6000, [id], 'plan'],
      [200, 6001, [id], null],
    ]);
  });
});

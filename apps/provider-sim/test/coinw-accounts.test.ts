import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BATCH, OK, SINGLE, startCoinwSim, type CoinwTestSim } from './coinw-helpers.ts';

let t: CoinwTestSim;
beforeEach(async () => {
  t = await startCoinwSim();
  await t.sim.setAccounts([
    { name: 'desk-a', api_key: 'key-a', secret_key: 'secret-a' },
    { name: 'desk-b', api_key: 'key-b', secret_key: 'secret-b' },
  ]);
});
afterEach(() => t.stop());

const asA = { apiKey: 'key-a', secret: 'secret-a' };
const asB = { apiKey: 'key-b', secret: 'secret-b' };
const INVALID_SIGNATURE = { code: 6001, msg: 'Invalid signature' };

describe('CoinW accounts', () => {
  it('answers 6001 to a call naming one account and signed with another’s secret', async () => {
    const [id] = await t.orders({ count: 1, account: 'desk-a' });
    const body = { sourceIds: [id] };
    expect(
      (await t.call('DELETE', BATCH, { body, apiKey: 'key-a', secret: 'secret-b' })).body,
    ).toEqual(INVALID_SIGNATURE);
    // default's secret is no better.
    expect((await t.call('DELETE', BATCH, { body, apiKey: 'key-a' })).body).toEqual(
      INVALID_SIGNATURE,
    );
    expect(await t.statusOf(id!)).toBe('open');
    expect((await t.call('DELETE', BATCH, { body, ...asA })).body).toEqual(OK);
    expect(await t.statusOf(id!)).toBe('cancelled');

    // Logged as desk-a's attempts: the api_key names the account, the signature proves it.
    const { calls } = await t.sim.calls();
    expect(calls.map((c) => [c.account, c.code])).toEqual([
      ['desk-a', 6001],
      ['desk-a', 6001],
      ['desk-a', 0],
    ]);
  });

  it('answers 6000 to an api_key no account has, logged without an account', async () => {
    const res = await t.call('DELETE', SINGLE, {
      body: { id: '5' },
      apiKey: 'key-z',
      secret: 'secret-a',
    });
    expect(res.body).toEqual({ code: 6000, msg: 'Authentication error' });
    expect((await t.sim.calls()).calls.map((c) => c.account)).toEqual([null]);
  });

  it('skips another account’s ids in a batch, or rejects the batch with reject_unknown', async () => {
    const [mine] = await t.orders({ count: 1, account: 'desk-a' });
    const [theirs] = await t.orders({ count: 1, account: 'desk-b' });
    const body = { sourceIds: [mine, theirs] };

    await t.sim.setConfig({ reject_unknown: 1 });
    expect((await t.call('DELETE', BATCH, { body, ...asA })).body).toEqual({
      code: 9012,
      msg: 'Position not found.',
    });
    expect([await t.statusOf(mine!), await t.statusOf(theirs!)]).toEqual(['open', 'open']);

    await t.sim.setConfig({ reject_unknown: 0 });
    expect((await t.call('DELETE', BATCH, { body, ...asA })).body).toEqual(OK);
    expect([await t.statusOf(mine!), await t.statusOf(theirs!)]).toEqual(['cancelled', 'open']);
    expect((await t.call('DELETE', SINGLE, { body: { id: theirs }, ...asB })).body).toEqual(OK);
  });

  it('bans the account that stormed, not the others', async () => {
    await t.sim.setConfig({ ban_after_errors: 2 });
    const unknown = { body: { id: '123' } };
    for (let i = 0; i < 2; i++) await t.call('DELETE', SINGLE, { ...unknown, ...asA });
    expect((await t.call('DELETE', SINGLE, { ...unknown, ...asA })).body).toMatchObject({
      code: 29001,
    });
    const [id] = await t.orders({ count: 1, account: 'desk-b' });
    expect((await t.call('DELETE', SINGLE, { body: { id }, ...asB })).body).toEqual(OK);
    expect((await t.call('DELETE', SINGLE, unknown)).body).toMatchObject({ code: 9012 });
  });

  it('lists truth per account', async () => {
    const [a] = await t.orders({ count: 1, account: 'desk-a' });
    await t.orders(2);
    expect(await t.sim.listOrders('open', { account: 'desk-a' })).toEqual([
      expect.objectContaining({ id: a, account: 'desk-a' }),
    ]);
    expect((await t.sim.listOrders(undefined, { account: 'default' })).length).toBe(2);
  });
});

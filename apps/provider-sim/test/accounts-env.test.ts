import { describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.ts';
import { coinwSimClient, signCoinw } from '../src/control/coinw-sim-client.ts';
import { hypertrackSimClient } from '../src/control/hypertrack-sim-client.ts';
import { startSimulator } from '../src/control/start-simulator.ts';

const json = (value: unknown) => JSON.stringify(value);

describe('SIM_<PROVIDER>_ACCOUNTS', () => {
  it('reads each provider’s accounts with its own credential fields; none by default', () => {
    expect(readEnv({})).toMatchObject({
      planetAccounts: [],
      planomaticAccounts: [],
      coinwAccounts: [],
      hypertrackAccounts: [],
    });
    const env = readEnv({
      SIM_PLANET_ACCOUNTS: json([{ name: 'ops', api_key: 'k-ops' }]),
      SIM_PLANOMATIC_ACCOUNTS: json([{ name: 'ops', api_token: 't-ops', limit: { max: 5 } }]),
      SIM_COINW_ACCOUNTS: json([
        { name: 'desk-a', api_key: 'k-a', secret_key: 's-a', limit: { max: 3, duration_ms: 500 } },
      ]),
      SIM_HYPERTRACK_ACCOUNTS: json([{ name: 'fleet', account_id: 'acc-f', secret_key: 's-f' }]),
    });
    expect(env.planetAccounts).toEqual([{ name: 'ops', credentials: { api_key: 'k-ops' } }]);
    expect(env.planomaticAccounts).toEqual([
      { name: 'ops', credentials: { api_token: 't-ops' }, limit: { max: 5 } },
    ]);
    expect(env.coinwAccounts).toEqual([
      {
        name: 'desk-a',
        credentials: { api_key: 'k-a', secret_key: 's-a' },
        limit: { max: 3, duration_ms: 500 },
      },
    ]);
    expect(env.hypertrackAccounts).toEqual([
      { name: 'fleet', credentials: { account_id: 'acc-f', secret_key: 's-f' } },
    ]);
  });

  it.each([
    [
      'SIM_COINW_ACCOUNTS',
      '{"name": "secret-shaped',
      /SIM_COINW_ACCOUNTS must be a JSON array of accounts; it is not valid JSON/,
    ],
    ['SIM_COINW_ACCOUNTS', json({ name: 'a' }), /SIM_COINW_ACCOUNTS: accounts must be an array/],
    [
      'SIM_COINW_ACCOUNTS',
      json([{ name: 'a', api_key: 'k' }]),
      /SIM_COINW_ACCOUNTS: accounts\[0\]\.secret_key must be/,
    ],
    [
      'SIM_PLANET_ACCOUNTS',
      json([{ name: 'a', api_key: 'sim-planet-key' }]),
      /SIM_PLANET_ACCOUNTS: accounts\[0\]\.api_key is already account default's/,
    ],
    [
      'SIM_HYPERTRACK_ACCOUNTS',
      json([{ name: 'a', account_id: 'x', secret: 'y' }]),
      /SIM_HYPERTRACK_ACCOUNTS: unknown field secret/,
    ],
  ])('fails on a bad %s, naming it and not echoing the value', (name, value, message) => {
    expect(() => readEnv({ [name]: value })).toThrow(message);
    expect(() => readEnv({ [name]: value })).not.toThrow(/secret-shaped/);
  });

  it('checks a named account against the default credentials the same env sets', () => {
    const accounts = json([{ name: 'a', api_token: 'mine' }]);
    expect(() =>
      readEnv({ SIM_PLANOMATIC_API_TOKEN: 'mine', SIM_PLANOMATIC_ACCOUNTS: accounts }),
    ).toThrow(/already account default's/);
    expect(readEnv({ SIM_PLANOMATIC_ACCOUNTS: accounts }).planomaticAccounts).toHaveLength(1);
  });

  it('starts the process with them: own limit, own orders, signed with own secret', async () => {
    const proc = await startSimulator({
      SIM_COINW_ACCOUNTS: json([
        {
          name: 'desk-a',
          api_key: 'k-a',
          secret_key: 's-a',
          limit: { max: 1, duration_ms: 60_000 },
        },
      ]),
      SIM_HYPERTRACK_ACCOUNTS: json([{ name: 'fleet', account_id: 'acc-f', secret_key: 's-f' }]),
    });
    try {
      const sim = coinwSimClient(proc.url);
      expect(await sim.accounts()).toEqual([
        { name: 'default', limit: { max: 10, duration_ms: 1000 } },
        { name: 'desk-a', limit: { max: 1, duration_ms: 60_000 } },
      ]);
      const [order] = await sim.createOrders({ count: 1 }, { account: 'desk-a' });
      const cancel = async () => {
        const body = json({ id: order!.id });
        const timestamp = String(Date.now());
        const res = await fetch(`${sim.apiBaseUrl}/v1/perpum/order`, {
          method: 'DELETE',
          headers: {
            'content-type': 'application/json',
            api_key: 'k-a',
            timestamp,
            sign: signCoinw('s-a', timestamp, 'DELETE', '/v1/perpum/order', body),
          },
          body,
        });
        return res.json();
      };
      expect(await cancel()).toEqual({ code: 0, msg: '' });
      expect(await cancel()).toMatchObject({ code: 29001 });
      expect((await sim.calls()).calls.map((c) => c.account)).toEqual(['desk-a', 'desk-a']);
      // A reset keeps the accounts the process was started with.
      await sim.reset();
      expect((await sim.accounts()).map((a) => a.name)).toEqual(['default', 'desk-a']);
      expect((await hypertrackSimClient(proc.url).accounts()).map((a) => a.name)).toEqual([
        'default',
        'fleet',
      ]);
    } finally {
      await proc.stop();
    }
  });
});

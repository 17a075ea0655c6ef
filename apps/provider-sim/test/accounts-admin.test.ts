import { afterEach, describe, expect, it } from 'vitest';
import { listenSimulator, type RunningSimulator } from '../src/listen.ts';
import { coinwSimClient } from '../src/control/coinw-sim-client.ts';
import { planetSimClient } from '../src/control/planet-sim-client.ts';

let running: RunningSimulator;
afterEach(() => running.stop());

const DEFAULT = { name: 'default', limit: { max: 10, duration_ms: 1000 } };

const put = (path: string, body: unknown) =>
  fetch(`${running.url}/_sim/coinw${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('accounts admin surface', () => {
  it('lists default first, never answers a credential back, and takes partial limits', async () => {
    running = await listenSimulator();
    const sim = coinwSimClient(running.url);
    expect(await sim.accounts()).toEqual([DEFAULT]);
    const listed = await sim.setAccounts([
      { name: 'desk-a', api_key: 'key-a', secret_key: 'secret-a', limit: { max: 3 } },
      { name: 'desk-b', api_key: 'key-b', secret_key: 'secret-b' },
    ]);
    expect(listed).toEqual([
      DEFAULT,
      { name: 'desk-a', limit: { max: 3, duration_ms: 1000 } },
      { name: 'desk-b', limit: { max: 10, duration_ms: 1000 } },
    ]);
    expect(JSON.stringify(await sim.accounts())).not.toMatch(/key-|secret/);

    expect(await sim.setLimit({ account: 'desk-b', duration_ms: 500 })).toEqual({
      max: 10,
      duration_ms: 500,
    });
    expect(await sim.limit('desk-b')).toEqual({ max: 10, duration_ms: 500 });
    expect(await sim.limit()).toEqual(DEFAULT.limit);
    expect((await sim.calls({ account: 'desk-b' })).limit).toEqual({ max: 10, duration_ms: 500 });

    // Replaced: desk-b is gone, default untouched.
    expect(await sim.setAccounts([])).toEqual([DEFAULT]);
  });

  it.each([
    ['no accounts list', {}, /accounts must be an array/],
    ['an unknown top-level field', { accounts: [], extra: 1 }, /unknown field extra/],
    [
      'a misspelt credential field',
      { accounts: [{ name: 'a', api_key: 'k', secret: 's' }] },
      /unknown field secret in accounts\[0\]/,
    ],
    [
      'a missing secret',
      { accounts: [{ name: 'a', api_key: 'k' }] },
      /accounts\[0\]\.secret_key must be a non-empty string/,
    ],
    [
      'an empty name',
      { accounts: [{ name: '', api_key: 'k', secret_key: 's' }] },
      /accounts\[0\]\.name/,
    ],
    [
      'the name default',
      { accounts: [{ name: 'default', api_key: 'k', secret_key: 's' }] },
      /"default" is reserved/,
    ],
    [
      'a name twice',
      {
        accounts: [
          { name: 'a', api_key: 'k1', secret_key: 's' },
          { name: 'a', api_key: 'k2', secret_key: 's' },
        ],
      },
      /"a" appears twice/,
    ],
    [
      'an api_key twice',
      {
        accounts: [
          { name: 'a', api_key: 'k', secret_key: 's' },
          { name: 'b', api_key: 'k', secret_key: 's' },
        ],
      },
      /accounts\[1\]\.api_key is already account a's/,
    ],
    [
      "default's api_key",
      { accounts: [{ name: 'a', api_key: 'sim-coinw-key', secret_key: 's' }] },
      /already account default's/,
    ],
    [
      'a bad limit',
      { accounts: [{ name: 'a', api_key: 'k', secret_key: 's', limit: { duration_ms: 0 } }] },
      /accounts\[0\]\.limit\.duration_ms must be between 1/,
    ],
  ])('refuses %s with 400 and changes nothing', async (_name, body, message) => {
    running = await listenSimulator();
    const res = await put('/accounts', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
    expect(await coinwSimClient(running.url).accounts()).toEqual([DEFAULT]);
  });

  it('refuses an account it does not have wherever one is named', async () => {
    running = await listenSimulator();
    const sim = coinwSimClient(running.url);
    const unknown = /400.*unknown account desk-z; known: default/;
    await expect(sim.setLimit({ account: 'desk-z', max: 1 })).rejects.toThrow(unknown);
    await expect(sim.limit('desk-z')).rejects.toThrow(unknown);
    await expect(sim.calls({ account: 'desk-z' })).rejects.toThrow(unknown);
    await expect(sim.createOrders({ count: 1 }, { account: 'desk-z' })).rejects.toThrow(unknown);
    await expect(sim.listOrders(undefined, { account: 'desk-z' })).rejects.toThrow(unknown);
  });

  it('starts with the accounts given, and a reset brings them back as they started', async () => {
    running = await listenSimulator({
      planet: {
        apiKey: 'key-default',
        accounts: [{ name: 'ops', credentials: { api_key: 'key-ops' }, limit: { max: 2 } }],
      },
    });
    const sim = planetSimClient(running.url);
    const started = await sim.accounts();
    expect(started).toEqual([DEFAULT, { name: 'ops', limit: { max: 2, duration_ms: 1000 } }]);
    await sim.setAccounts([{ name: 'other', api_key: 'key-other' }]);
    await sim.setLimit({ max: 1 });
    await sim.reset();
    expect(await sim.accounts()).toEqual(started);
  });

  it('gives an account replaced under the same name a fresh window, and keeps default’s', async () => {
    running = await listenSimulator({ planet: { apiKey: 'key-default' } });
    const sim = planetSimClient(running.url);
    const account = { name: 'ops', api_key: 'key-ops', limit: { max: 1, duration_ms: 60_000 } };
    await sim.setAccounts([account]);
    await sim.setLimit({ max: 1, duration_ms: 60_000 });
    const stats = async (key: string) =>
      (
        await fetch(`${sim.apiBaseUrl}/stats/orders/v2`, {
          headers: { authorization: `api-key ${key}` },
        })
      ).status;
    expect([await stats('key-ops'), await stats('key-ops')]).toEqual([200, 429]);
    expect(await stats('key-default')).toBe(200);
    await sim.setAccounts([account]);
    expect([await stats('key-ops'), await stats('key-default')]).toEqual([200, 429]);
  });
});

import { randomUUID } from 'node:crypto';
import { listenSimulator, type RunningSimulator } from '../src/listen.ts';
import { planetSimClient, type PlanetSimClient } from '../src/control/planet-sim-client.ts';
import type { SimLimit } from '../src/control/sim-types.ts';

export const KEY = 'test-planet-key';

export const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

export interface TestSim {
  url: string;
  /** `${url}/planet` */
  base: string;
  sim: PlanetSimClient;
  /** A Planet API call; authenticated with Basic KEY unless `auth` says otherwise (null = none). */
  api(method: string, path: string, init?: ApiInit): Promise<Response>;
  stop(): Promise<void>;
}

export interface ApiInit {
  /** A raw string is sent as-is (for invalid JSON); anything else is JSON-encoded. */
  body?: unknown;
  /** Authorization header; default Basic KEY, null = none. */
  auth?: string | null;
  signal?: AbortSignal;
}

/**
 * An isolated simulator on an ephemeral port. The rate limit is lifted unless a test asks for
 * a specific one ('default' = Planet's 10 per 1000 ms), so tests that are not about rate
 * limiting never meet a 429.
 */
export async function startTestSim(
  options: { limit?: SimLimit | 'default' } = {},
): Promise<TestSim> {
  const running: RunningSimulator = await listenSimulator({ planet: { apiKey: KEY } });
  const sim = planetSimClient(running.url);
  if (options.limit === undefined) await sim.setLimit({ max: 1_000_000, duration_ms: 1000 });
  else if (options.limit !== 'default') await sim.setLimit(options.limit);
  const base = `${running.url}/planet`;
  return {
    url: running.url,
    base,
    sim,
    api: (method, path, init = {}) => {
      const headers: Record<string, string> = {};
      const auth = init.auth === undefined ? basic(KEY) : init.auth;
      if (auth !== null) headers.authorization = auth;
      let body: string | undefined;
      if (init.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      }
      return fetch(`${base}${path}`, {
        method,
        headers,
        body,
        ...(init.signal ? { signal: init.signal } : {}),
      });
    },
    stop: () => running.stop(),
  };
}

/** Polls `check` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const unknownId = () => randomUUID();

/** Creates queued orders that never turn running on their own; returns their ids. */
export async function queuedOrders(t: TestSim, count: number): Promise<string[]> {
  return (await t.sim.createOrders({ count })).map((o) => o.id);
}

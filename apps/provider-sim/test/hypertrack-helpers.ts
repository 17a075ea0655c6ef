import { listenSimulator, type RunningSimulator } from '../src/listen.ts';
import {
  hypertrackSimClient,
  type HypertrackSimClient,
} from '../src/control/hypertrack-sim-client.ts';
import type { SimLimit } from '../src/control/sim-types.ts';

export const ACCOUNT_ID = 'test-account';
// A colon inside the secret: the header splits at the first colon only.
export const SECRET_KEY = 'test-secret:with-colon';

export const basicAuth = (accountId: string, secretKey: string) =>
  `Basic ${Buffer.from(`${accountId}:${secretKey}`).toString('base64')}`;

export interface HypertrackTestSim {
  url: string;
  /** `${url}/hypertrack` */
  base: string;
  sim: HypertrackSimClient;
  /** A HyperTrack API call, authenticated as ACCOUNT_ID:SECRET_KEY unless `auth` says otherwise. */
  api(method: string, path: string, init?: ApiInit): Promise<Response>;
  /**
   * `POST /orders/{encodeURIComponent(handle)}/cancel?<query>` with body `{}`, as the docs'
   * example sends it. `query` is sent as written, so tests can send malformed values.
   */
  cancel(handle: string, query?: string, init?: ApiInit): Promise<Response>;
  stop(): Promise<void>;
}

export interface ApiInit {
  /** A raw string is sent as-is; anything else is JSON-encoded; null = no body at all. */
  body?: unknown;
  /** Authorization header; default the test credentials, null = none. */
  auth?: string | null;
  signal?: AbortSignal;
}

/**
 * An isolated simulator on an ephemeral port. The rate limit is lifted unless a test asks for
 * a specific one ('default' = the simulator's 10 per 1000 ms), so tests that are not about
 * rate limiting never meet a 429.
 */
export async function startHypertrackSim(
  options: { limit?: SimLimit | 'default' } = {},
): Promise<HypertrackTestSim> {
  const running: RunningSimulator = await listenSimulator({
    hypertrack: { accountId: ACCOUNT_ID, secretKey: SECRET_KEY },
  });
  const sim = hypertrackSimClient(running.url);
  if (options.limit === undefined) await sim.setLimit({ max: 1_000_000, duration_ms: 1000 });
  else if (options.limit !== 'default') await sim.setLimit(options.limit);
  const base = `${running.url}/hypertrack`;

  const api: HypertrackTestSim['api'] = (method, path, init = {}) => {
    const headers: Record<string, string> = {};
    const auth = init.auth === undefined ? basicAuth(ACCOUNT_ID, SECRET_KEY) : init.auth;
    if (auth !== null) headers.authorization = auth;
    let body: string | undefined;
    if (init.body !== undefined && init.body !== null) {
      headers['content-type'] = 'application/json';
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    }
    return fetch(`${base}${path}`, {
      method,
      headers,
      body,
      ...(init.signal ? { signal: init.signal } : {}),
    });
  };

  return {
    url: running.url,
    base,
    sim,
    api,
    cancel: (handle, query, init = {}) =>
      api(
        'POST',
        `/orders/${encodeURIComponent(handle)}/cancel${query === undefined ? '' : `?${query}`}`,
        { body: {}, ...init },
      ),
    stop: () => running.stop(),
  };
}

/** Creates default orders (one assigned drop each); returns their handles. */
export async function assignedOrders(t: HypertrackTestSim, count: number): Promise<string[]> {
  return (await t.sim.createOrders({ count })).map((o) => o.order_handle);
}

/** `[type, type_index, status]` of every leg of one attempt (default: the latest), from truth. */
export async function legStatuses(
  t: HypertrackTestSim,
  handle: string,
  attempt?: number,
): Promise<[string, number, string][]> {
  const truth = await t.sim.getOrder(handle);
  if (truth === null) throw new Error(`no order ${handle}`);
  const chosen = truth.attempts[attempt ?? truth.attempts.length - 1];
  if (chosen === undefined) throw new Error(`order ${handle} has no attempt ${attempt}`);
  return chosen.legs.map((leg) => [leg.type, leg.type_index, leg.status]);
}

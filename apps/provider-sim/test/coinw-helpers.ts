import { listenSimulator } from '../src/listen.ts';
import {
  coinwSimClient,
  signCoinw,
  type CoinwSimClient,
  type CreateCoinwOrders,
} from '../src/control/coinw-sim-client.ts';
import type { SimLimit } from '../src/control/sim-types.ts';

export const COINW_KEY = 'test-coinw-key';
export const COINW_SECRET = 'test-coinw-secret';
export const BATCH = '/v1/perpum/batchOrders';
export const SINGLE = '/v1/perpum/order';

export interface CoinwInit {
  /** A string is sent (and signed) byte for byte; anything else is JSON-encoded. */
  body?: unknown;
  /** Raw query string without `?`; sent and signed as is. */
  query?: string;
  /** `api_key` header; default COINW_KEY, null = none. */
  apiKey?: string | null;
  /** Secret the request is signed with; default COINW_SECRET. */
  secret?: string;
  /** `timestamp` header; default now, null = none. */
  timestamp?: string | number | null;
  /** `sign` header; default a correct signature, null = none. */
  sign?: string | null;
  signal?: AbortSignal;
}

export interface CoinwAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export interface CoinwTestSim {
  url: string;
  sim: CoinwSimClient;
  /** A signed CoinW call, playing a correct client unless `init` says otherwise. */
  api(method: string, path: string, init?: CoinwInit): Promise<Response>;
  /** `api` and the parsed JSON answer. */
  call(method: string, path: string, init?: CoinwInit): Promise<CoinwAnswer>;
  /** Open orders; returns their ids. */
  orders(body: CreateCoinwOrders | number): Promise<string[]>;
  statusOf(id: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

/**
 * An isolated simulator on an ephemeral port with CoinW keys of its own. The rate limit is
 * lifted unless a test asks for one ('default' = CoinW's 10 per 1000 ms).
 */
export async function startCoinwSim(
  options: { limit?: SimLimit | 'default' } = {},
): Promise<CoinwTestSim> {
  const running = await listenSimulator({
    coinw: { apiKey: COINW_KEY, secretKey: COINW_SECRET },
  });
  const sim = coinwSimClient(running.url);
  if (options.limit === undefined) await sim.setLimit({ max: 1_000_000, duration_ms: 1000 });
  else if (options.limit !== 'default') await sim.setLimit(options.limit);

  const api = (method: string, path: string, init: CoinwInit = {}) => {
    const body =
      init.body === undefined
        ? ''
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body);
    const target = init.query === undefined ? path : `${path}?${init.query}`;
    const timestamp = init.timestamp === undefined ? String(Date.now()) : init.timestamp;
    const headers: Record<string, string> = {};
    if (body !== '') headers['content-type'] = 'application/json';
    const apiKey = init.apiKey === undefined ? COINW_KEY : init.apiKey;
    if (apiKey !== null) headers.api_key = apiKey;
    if (timestamp !== null) headers.timestamp = String(timestamp);
    const sign =
      init.sign === undefined
        ? signCoinw(init.secret ?? COINW_SECRET, timestamp ?? '', method, target, body)
        : init.sign;
    if (sign !== null) headers.sign = sign;
    return fetch(`${sim.apiBaseUrl}${target}`, {
      method,
      headers,
      ...(body === '' ? {} : { body }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  };

  return {
    url: running.url,
    sim,
    api,
    call: async (method, path, init) => {
      const res = await api(method, path, init);
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
        headers: res.headers,
      };
    },
    orders: async (body) =>
      (await sim.createOrders(typeof body === 'number' ? { count: body } : body)).map((o) => o.id),
    statusOf: async (id) => (await sim.getOrder(id))?.status,
    stop: () => running.stop(),
  };
}

export const OK = { code: 0, msg: '' };

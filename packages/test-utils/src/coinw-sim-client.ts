import { createHmac } from 'node:crypto';
import {
  simAdmin,
  simControls,
  simLookup,
  type SimCall,
  type SimCalls,
  type SimControls,
} from './sim-types.ts';

/**
 * Typed client for the CoinW futures simulator's admin surface (`/_sim/coinw`). The shapes are
 * repeated here rather than imported: packages never depend on apps.
 */

export type CoinwOrderStatus = 'open' | 'cancelled' | 'filled';
/** `execute` market, `plan` limit, `moveStop` trailing TP/SL, `stopProfitLoss` TP/SL. */
export type CoinwPosType = 'execute' | 'plan' | 'moveStop' | 'stopProfitLoss';

export interface CoinwOrderTruth {
  /** Decimal string of a positive 64-bit integer (~18 digits): never a JS number. */
  id: string;
  status: CoinwOrderStatus;
  pos_type: CoinwPosType;
  created_at_ms: number;
  cancelled_at_ms: number | null;
}

export interface CreateCoinwOrders {
  /** Open `plan` orders with generated ids. */
  count?: number;
  /** Defaults: generated id, `open`, `plan`. */
  orders?: { id?: string; status?: CoinwOrderStatus; pos_type?: CoinwPosType }[];
}

export interface CoinwSimConfig {
  /** Most sourceIds per batch cancel; more is code 1. Default 20. */
  batch_max: number;
  /** Allowed skew of the `timestamp` header, ms either way; beyond it code 6001. Default 30000. */
  timestamp_window_ms: number;
  /** 1 = the key may trade futures; 0 = every authenticated call answers 6003. Default 1. */
  trade_permission: number;
  /** 1 = a batch naming an unknown id is rejected whole with 9012. Default 0 (ignored). */
  reject_unknown: number;
  /** HTTP status of 29001 answers: 200 (default) or 429. */
  throttle_http_status: number;
  /** Non-zero-code answers within 10 s that ban the key for 30 s; 0 = off (default). */
  ban_after_errors: number;
  latency_ms: number;
}

/** A CoinW call record: the shared fields plus the body `code` answered. */
export interface CoinwSimCall extends SimCall {
  /** The CoinW `code` of the answer; null when no JSON answer was sent (hang, reset, malformed). */
  code: number | null;
}

/** `count_429` counts every throttled answer: HTTP 429 or code 29001 under any status. */
export interface CoinwSimCalls extends SimCalls {
  calls: CoinwSimCall[];
}

export interface CoinwSimClient extends SimControls<CoinwSimConfig, CoinwSimCalls> {
  /** `${url}/coinw`: the base URL a CoinW client should use (≙ `https://api.coinw.com`). */
  apiBaseUrl: string;
  createOrders(
    body: CreateCoinwOrders,
  ): Promise<{ id: string; status: CoinwOrderStatus; pos_type: CoinwPosType }[]>;
  getOrder(id: string): Promise<CoinwOrderTruth | null>;
  listOrders(status?: CoinwOrderStatus): Promise<CoinwOrderTruth[]>;
}

/** `url` is the simulator root printed in its ready line, e.g. `http://127.0.0.1:4010`. */
export function coinwSimClient(url: string): CoinwSimClient {
  const call = simAdmin(url, 'coinw');
  const lookup = simLookup(url, 'coinw');

  return {
    apiBaseUrl: `${url}/coinw`,
    createOrders: async (body) =>
      (
        await call<{ orders: { id: string; status: CoinwOrderStatus; pos_type: CoinwPosType }[] }>(
          'POST',
          '/orders',
          body,
        )
      ).orders,
    getOrder: (id) => lookup<CoinwOrderTruth>(`/orders/${encodeURIComponent(id)}`),
    listOrders: async (status) =>
      (
        await call<{ orders: CoinwOrderTruth[] }>(
          'GET',
          status === undefined ? '/orders' : `/orders?status=${status}`,
        )
      ).orders,
    ...simControls<CoinwSimConfig, CoinwSimCalls>(url, 'coinw'),
  };
}

/**
 * CoinW's futures `sign` header: base64(HMAC-SHA256(secret, timestamp + METHOD + path + body)).
 * `path` is the API path as addressed at https://api.coinw.com, with `?query` appended when a
 * query string is sent (e.g. `/v1/perpum/batchOrders`); `body` is the exact body string sent
 * (`''` for none). For tests that play a correct client.
 */
export function signCoinw(
  secret: string,
  timestamp: string | number,
  method: string,
  path: string,
  body: string,
): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}${method.toUpperCase()}${path}${body}`, 'utf8')
    .digest('base64');
}

import { createHmac } from 'node:crypto';
import {
  simAdmin,
  simControls,
  simLookup,
  simQuery,
  withAccount,
  type SimAccountOption,
  type SimAccountSpec,
  type SimCall,
  type SimCalls,
  type SimControls,
} from './sim-types.ts';

/**
 * Typed client for the CoinW futures simulator's admin surface (`/_sim/coinw`). The shapes are
 * the wire's, written out rather than imported from the simulator's code (see `./index.ts`).
 */

export type CoinwOrderStatus = 'open' | 'cancelled' | 'filled';
/** `execute` market, `plan` limit, `moveStop` trailing TP/SL, `stopProfitLoss` TP/SL. */
export type CoinwPosType = 'execute' | 'plan' | 'moveStop' | 'stopProfitLoss';

export interface CoinwOrderTruth {
  /** Decimal string of a positive 64-bit integer (~18 digits): never a JS number. */
  id: string;
  /** The account (user) that owns it: only calls with that account's `api_key` see it. */
  account: string;
  status: CoinwOrderStatus;
  pos_type: CoinwPosType;
  created_at_ms: number;
  cancelled_at_ms: number | null;
}

export interface CreateCoinwOrders {
  /** The account that owns the orders of this call; absent: `default`. */
  account?: string;
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

/**
 * A CoinW account besides `default`: the `api_key` header names it, `secret_key` signs its calls
 * (a call naming it but signed with another secret answers 6001). Its own limit and ban.
 */
export interface CoinwSimAccount extends SimAccountSpec {
  api_key: string;
  secret_key: string;
}

export interface CoinwSimClient extends SimControls<
  CoinwSimConfig,
  CoinwSimCalls,
  CoinwSimAccount
> {
  /** `${url}/coinw`: the base URL a CoinW client should use (≙ `https://api.coinw.com`). */
  apiBaseUrl: string;
  /** `options.account` (or `body.account`) owns the orders; absent: `default`. */
  createOrders(
    body: CreateCoinwOrders,
    options?: SimAccountOption,
  ): Promise<{ id: string; status: CoinwOrderStatus; pos_type: CoinwPosType }[]>;
  /** Ground truth, whichever account owns the order (ids are unique across accounts). */
  getOrder(id: string): Promise<CoinwOrderTruth | null>;
  /** `options.account`: only that account's orders. */
  listOrders(status?: CoinwOrderStatus, options?: SimAccountOption): Promise<CoinwOrderTruth[]>;
}

/** `url` is the simulator root printed in its ready line, e.g. `http://127.0.0.1:4010`. */
export function coinwSimClient(url: string): CoinwSimClient {
  const call = simAdmin(url, 'coinw');
  const lookup = simLookup(url, 'coinw');

  return {
    apiBaseUrl: `${url}/coinw`,
    createOrders: async (body, options) =>
      (
        await call<{ orders: { id: string; status: CoinwOrderStatus; pos_type: CoinwPosType }[] }>(
          'POST',
          '/orders',
          withAccount(body, options),
        )
      ).orders,
    getOrder: (id) => lookup<CoinwOrderTruth>(`/orders/${encodeURIComponent(id)}`),
    listOrders: async (status, options) =>
      (
        await call<{ orders: CoinwOrderTruth[] }>(
          'GET',
          `/orders${simQuery({ status, account: options?.account })}`,
        )
      ).orders,
    ...simControls<CoinwSimConfig, CoinwSimCalls, CoinwSimAccount>(url, 'coinw'),
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

import {
  simAdmin,
  simRequest,
  simControls,
  simQuery,
  withAccount,
  type SimAccountOption,
  type SimAccountSpec,
  type SimCalls,
  type SimControls,
} from './sim-types.ts';

/**
 * Typed client for the HyperTrack simulator's admin surface (`/_sim/hypertrack`). The shapes are
 * the wire's, written out rather than imported from the simulator's code (see `./index.ts`).
 * Handles are URL-encoded into one path segment here, so callers pass them as they are.
 */

export type HypertrackLegStatus =
  'unplanned' | 'planned' | 'assigned' | 'ongoing' | 'completed' | 'cancelled';
export type HypertrackLegType = 'drop' | 'pick';

export interface HypertrackLegTruth {
  type: HypertrackLegType;
  type_index: number;
  status: HypertrackLegStatus;
  /** Simulator epoch ms; null unless cancelled. */
  cancelled_at_ms: number | null;
}

export interface HypertrackOrderTruth {
  order_handle: string;
  /** The account that owns it: only calls with that account's credentials see it. */
  account: string;
  /** Index = `fulfillment_attempt`; the last one is live. */
  attempts: { fulfillment_attempt: number; legs: HypertrackLegTruth[] }[];
  created_at_ms: number;
}

export interface CreateHypertrackOrders {
  /** The account that owns the orders of this call; absent: `default`. */
  account?: string;
  /** Default orders: `sim-order-<n>`, one `assigned` drop at index 0. */
  count?: number;
  orders?: {
    order_handle?: string;
    /** Default status of the legs (default `assigned`). */
    status?: HypertrackLegStatus;
    /** Default `[{type: 'drop'}]`; `type_index` defaults to one past the highest of its type. */
    legs?: { type: HypertrackLegType; type_index?: number; status?: HypertrackLegStatus }[];
    /** Number of attempts (default 1); earlier ones are cancelled, the last is live. */
    attempts?: number;
    metadata?: Record<string, unknown>;
  }[];
}

/** Sets `status` on the legs the selectors address (default: every leg of the latest attempt). */
export interface UpdateHypertrackOrder {
  status: HypertrackLegStatus;
  type?: HypertrackLegType;
  type_index?: number;
  fulfillment_attempt?: number;
}

export interface HypertrackSimConfig {
  /** Status for cancelling legs already completed (4xx). Default 409. */
  completed_status: number;
  /** Status for re-cancelling cancelled legs: 4xx, or 200 (idempotent). Default 409. */
  recancel_status: number;
  latency_ms: number;
}

/**
 * A HyperTrack account besides `default`: Basic `account_id:secret_key`. The AccountId names
 * the account (its window, its orders); a wrong secret is a 401 of that account's call.
 */
export interface HypertrackSimAccount extends SimAccountSpec {
  account_id: string;
  secret_key: string;
}

export interface HypertrackSimClient extends SimControls<
  HypertrackSimConfig,
  SimCalls,
  HypertrackSimAccount
> {
  /** `${url}/hypertrack`: the base URL a HyperTrack client should use (≙ v3.api.hypertrack.com). */
  apiBaseUrl: string;
  /** `options.account` (or `body.account`) owns the orders; absent: `default`. */
  createOrders(
    body: CreateHypertrackOrders,
    options?: SimAccountOption,
  ): Promise<HypertrackOrderTruth[]>;
  /** Ground truth, whichever account owns it (handles are unique across accounts). */
  getOrder(handle: string): Promise<HypertrackOrderTruth | null>;
  /** `options.account`: only that account's orders. */
  listOrders(options?: SimAccountOption): Promise<HypertrackOrderTruth[]>;
  /** Null when the order is unknown or the selectors address no leg. */
  updateOrder(handle: string, update: UpdateHypertrackOrder): Promise<HypertrackOrderTruth | null>;
}

/** `url` is the simulator root printed in its ready line, e.g. `http://127.0.0.1:4010`. */
export function hypertrackSimClient(url: string): HypertrackSimClient {
  const admin = `${url}/_sim/hypertrack`;
  const call = simAdmin(url, 'hypertrack');
  const orderPath = (handle: string) => `/orders/${encodeURIComponent(handle)}`;

  /** The truth, or null on 404; any other failure throws. */
  const truthOrNull = async (method: string, handle: string, body?: unknown) => {
    const { status, text } = await simRequest(method, `${admin}${orderPath(handle)}`, body);
    if (status === 404) return null;
    if (status < 200 || status > 299)
      throw new Error(`${method} /_sim/hypertrack${orderPath(handle)} → ${status}: ${text}`);
    return JSON.parse(text) as HypertrackOrderTruth;
  };

  return {
    apiBaseUrl: `${url}/hypertrack`,
    createOrders: async (body, options) =>
      (
        await call<{ orders: HypertrackOrderTruth[] }>(
          'POST',
          '/orders',
          withAccount(body, options),
        )
      ).orders,
    getOrder: (handle) => truthOrNull('GET', handle),
    listOrders: async (options) =>
      (
        await call<{ orders: HypertrackOrderTruth[] }>(
          'GET',
          `/orders${simQuery({ account: options?.account })}`,
        )
      ).orders,
    updateOrder: (handle, update) => truthOrNull('PATCH', handle, update),
    ...simControls<HypertrackSimConfig, SimCalls, HypertrackSimAccount>(url, 'hypertrack'),
  };
}

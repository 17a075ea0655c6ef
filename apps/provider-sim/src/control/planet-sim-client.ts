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
 * Typed client for the Planet simulator's admin surface (`/_sim/planet`). The shapes are
 * the wire's, written out rather than imported from the simulator's code (see `./index.ts`).
 */

export type PlanetOrderState =
  'queued' | 'running' | 'success' | 'partial' | 'failed' | 'cancelled';

export interface PlanetOrderTruth {
  id: string;
  /** The account that owns it: only calls with that account's key see it. */
  account: string;
  state: PlanetOrderState;
  created_at_ms: number;
  /** When a queued order will turn running on its own; null = never or not queued. */
  running_due_ms: number | null;
  running_at_ms: number | null;
  cancelled_at_ms: number | null;
}

export interface CreatePlanetOrders {
  /** The account that owns the orders of this call; absent: `default`. */
  account?: string;
  count?: number;
  orders?: { id?: string; state?: PlanetOrderState; running_after_ms?: number | null }[];
  running_after_ms?: number | null;
  running_mean_ms?: number;
}

export interface PlanetSimConfig {
  bulk_max: number;
  page_size: number;
  latency_ms: number;
}

/**
 * Makes bulk cancels answer some ids as failed with a transient message inside the 200, without
 * cancelling them. Each id of a bulk call is tried against the rules in order.
 */
export interface PlanetBulkFailure {
  /** Only these ids may be failed. Absent: any id a bulk call names. */
  order_ids?: string[];
  /** Probability, 0..1, that each such id is failed. Absent: 1. */
  share?: number;
  /** Default "Internal error, please retry". */
  message?: string;
  /** Bulk calls the rule strikes (fails at least one id of), then it retires. Absent: no limit. */
  count?: number;
}

/** A Planet call record: bulk calls a bulk-failures rule struck name the ids it failed. */
export interface PlanetSimCall extends SimCall {
  /** The ids answered as failed with a transient message (left untouched); absent when none. */
  transient_ids?: string[];
}

export interface PlanetSimCalls extends SimCalls {
  calls: PlanetSimCall[];
}

/** A Planet account besides `default`: its API key (Basic `<key>:` or `api-key <key>`). */
export interface PlanetSimAccount extends SimAccountSpec {
  api_key: string;
}

export interface PlanetSimClient extends SimControls<
  PlanetSimConfig,
  PlanetSimCalls,
  PlanetSimAccount
> {
  /** `${url}/planet`: the base URL a Planet client should use. */
  apiBaseUrl: string;
  /** `options.account` (or `body.account`) owns the orders; absent: `default`. */
  createOrders(
    body: CreatePlanetOrders,
    options?: SimAccountOption,
  ): Promise<{ id: string; state: PlanetOrderState }[]>;
  /** Ground truth, whichever account owns the order (ids are unique across accounts). */
  getOrder(id: string): Promise<PlanetOrderTruth | null>;
  /** `options.account`: only that account's orders. */
  listOrders(state?: PlanetOrderState, options?: SimAccountOption): Promise<PlanetOrderTruth[]>;
  addBulkFailures(failures: PlanetBulkFailure[]): Promise<void>;
  /** The rules still active (a spent `count` retires a rule). */
  bulkFailures(): Promise<PlanetBulkFailure[]>;
  clearBulkFailures(): Promise<void>;
}

/** `url` is the simulator root printed in its ready line, e.g. `http://127.0.0.1:4010`. */
export function planetSimClient(url: string): PlanetSimClient {
  const call = simAdmin(url, 'planet');
  const lookup = simLookup(url, 'planet');

  return {
    apiBaseUrl: `${url}/planet`,
    createOrders: async (body, options) =>
      (
        await call<{ orders: { id: string; state: PlanetOrderState }[] }>(
          'POST',
          '/orders',
          withAccount(body, options),
        )
      ).orders,
    getOrder: (id) => lookup<PlanetOrderTruth>(`/orders/${encodeURIComponent(id)}`),
    listOrders: async (state, options) =>
      (
        await call<{ orders: PlanetOrderTruth[] }>(
          'GET',
          `/orders${simQuery({ state, account: options?.account })}`,
        )
      ).orders,
    addBulkFailures: async (failures) => {
      await call('POST', '/bulk-failures', { failures });
    },
    bulkFailures: async () =>
      (await call<{ failures: PlanetBulkFailure[] }>('GET', '/bulk-failures')).failures,
    clearBulkFailures: () => call('DELETE', '/bulk-failures'),
    ...simControls<PlanetSimConfig, PlanetSimCalls, PlanetSimAccount>(url, 'planet'),
  };
}

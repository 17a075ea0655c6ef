import {
  simAdmin,
  simControls,
  simLookup,
  simQuery,
  withAccount,
  type SimAccountOption,
  type SimAccountSpec,
  type SimCalls,
  type SimControls,
} from './sim-types.ts';

/**
 * Typed client for the PlanOmatic simulator's admin surface (`/_sim/planomatic`). The shapes are
 * the wire's, written out rather than imported from the simulator's code (see `./index.ts`). No
 * answer of this surface contains the integration token.
 */

export type PlanomaticOrderStatus =
  | 'new_request'
  | 'ordered'
  | 'scheduling'
  | 'scheduled'
  | 'in_progress'
  | 'post_processing'
  | 'delivered'
  | 'canceled';

export type PlanomaticCancelationReason = 'duplicate_order' | 'client_requested_cancelation';

/** Body field the simulator reads the token from; `either` tries `api_token`, then `api_key`. */
export type PlanomaticTokenField = 'api_token' | 'api_key' | 'either';

export interface PlanomaticOrderTruth {
  /** Numeric string, e.g. "654321". */
  order_id: string;
  /** The integration (account) that owns it: only calls with its token see it. */
  account: string;
  request_id: string | null;
  status: PlanomaticOrderStatus;
  appointment_confirmed: boolean;
  created_at_ms: number;
  /** When a pre-scheduled order will turn `scheduled` on its own; null = never or already spent. */
  scheduled_due_ms: number | null;
  scheduled_at_ms: number | null;
  canceled_at_ms: number | null;
  /** As sent by the cancel that canceled it; null otherwise. */
  cancelation_reason: PlanomaticCancelationReason | null;
  notes: string | null;
}

export interface PlanomaticCreatedOrder {
  order_id: string;
  request_id: string | null;
  status: PlanomaticOrderStatus;
  appointment_confirmed: boolean;
}

export interface CreatePlanomaticOrders {
  /** The account that owns the orders of this call; absent: `default`. */
  account?: string;
  /** Generated orders: `new_request`, no appointment, order ids counting up from 654321. */
  count?: number;
  /** Give a generated `req-<uuid>` request_id to every order of this call that names none. */
  with_request_ids?: boolean;
  /** Default per-order `scheduled_after_ms` for the orders of this call (null = never). */
  scheduled_after_ms?: number | null;
  orders?: {
    /** Digits (or a positive integer); unique. Default: generated. */
    order_id?: string | number;
    /** Unique; null = none even with `with_request_ids`. */
    request_id?: string | null;
    /** Default `new_request`. */
    status?: PlanomaticOrderStatus;
    /** Default false. */
    appointment_confirmed?: boolean;
    /** Only for new_request/ordered/scheduling: becomes `scheduled` + confirmed after this. */
    scheduled_after_ms?: number | null;
  }[];
}

export interface UpdatePlanomaticOrder {
  status?: PlanomaticOrderStatus;
  appointment_confirmed?: boolean;
  /** From now; null clears a pending move. */
  scheduled_after_ms?: number | null;
}

export interface PlanomaticSimConfig {
  latency_ms: number;
}

/**
 * A PlanOmatic account besides `default`: its integration token, sent in the body under the
 * token field (`api_token` here whatever that field is).
 */
export interface PlanomaticSimAccount extends SimAccountSpec {
  api_token: string;
}

export interface PlanomaticSimClient extends SimControls<
  PlanomaticSimConfig,
  SimCalls,
  PlanomaticSimAccount
> {
  /** `${url}/planomatic`: the base URL a PlanOmatic client should use (≙ api.planomatic.com). */
  apiBaseUrl: string;
  /** `options.account` (or `body.account`) owns the orders; absent: `default`. */
  createOrders(
    body: CreatePlanomaticOrders,
    options?: SimAccountOption,
  ): Promise<PlanomaticCreatedOrder[]>;
  /** Ground truth, whichever account owns it (ids are unique across accounts); null when unknown. */
  getOrder(orderId: string): Promise<PlanomaticOrderTruth | null>;
  /** `options.account`: only that account's orders. */
  listOrders(
    status?: PlanomaticOrderStatus,
    options?: SimAccountOption,
  ): Promise<PlanomaticOrderTruth[]>;
  updateOrder(orderId: string, change: UpdatePlanomaticOrder): Promise<PlanomaticOrderTruth>;
  /** Replaces the cancelable set (default new_request, ordered, scheduling); returns it. */
  setCancelableStatuses(statuses: PlanomaticOrderStatus[]): Promise<PlanomaticOrderStatus[]>;
  cancelableStatuses(): Promise<PlanomaticOrderStatus[]>;
  setTokenField(field: PlanomaticTokenField): Promise<PlanomaticTokenField>;
  tokenField(): Promise<PlanomaticTokenField>;
}

/** `url` is the simulator root printed in its ready line, e.g. `http://127.0.0.1:4010`. */
export function planomaticSimClient(url: string): PlanomaticSimClient {
  const call = simAdmin(url, 'planomatic');
  const lookup = simLookup(url, 'planomatic');
  const orderPath = (orderId: string) => `/orders/${encodeURIComponent(orderId)}`;

  return {
    apiBaseUrl: `${url}/planomatic`,
    createOrders: async (body, options) =>
      (
        await call<{ orders: PlanomaticCreatedOrder[] }>(
          'POST',
          '/orders',
          withAccount(body, options),
        )
      ).orders,
    getOrder: (orderId) => lookup<PlanomaticOrderTruth>(orderPath(orderId)),
    listOrders: async (status, options) =>
      (
        await call<{ orders: PlanomaticOrderTruth[] }>(
          'GET',
          `/orders${simQuery({ status, account: options?.account })}`,
        )
      ).orders,
    updateOrder: (orderId, change) => call('PATCH', orderPath(orderId), change),
    setCancelableStatuses: async (statuses) =>
      (
        await call<{ cancelable_statuses: PlanomaticOrderStatus[] }>(
          'PUT',
          '/cancelable-statuses',
          { cancelable_statuses: statuses },
        )
      ).cancelable_statuses,
    cancelableStatuses: async () =>
      (await call<{ cancelable_statuses: PlanomaticOrderStatus[] }>('GET', '/cancelable-statuses'))
        .cancelable_statuses,
    setTokenField: async (field) =>
      (
        await call<{ token_field: PlanomaticTokenField }>('PUT', '/token-field', {
          token_field: field,
        })
      ).token_field,
    tokenField: async () =>
      (await call<{ token_field: PlanomaticTokenField }>('GET', '/token-field')).token_field,
    ...simControls<PlanomaticSimConfig, SimCalls, PlanomaticSimAccount>(url, 'planomatic'),
  };
}

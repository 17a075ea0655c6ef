import type { CancellationState, ProviderId } from './vocabulary.ts';

/**
 * The bodies of POST /v1/cancellations (shared/spec/api.md). Types only: the API is the judge
 * of a body, and its 400 names each problem (CancelqValidationError `issues`).
 */
interface Common {
  /** One of the provider's configured accounts; absent: `default`. */
  account?: string;
  /** A completion webhook: the completed record is POSTed here (https on a public address). */
  callback_url?: string;
}

export interface PlanetOrderIdsBody extends Common {
  provider: 'planet';
  /** 1..10 000 Planet order UUIDs. */
  order_ids: readonly string[];
}

export interface PlanetAllQueuedBody extends Common {
  provider: 'planet';
  /** Every queued order; Planet decides which. */
  all_queued: true;
}

export interface PlanomaticBody extends Common {
  provider: 'planomatic';
  /** `order_id` or `request_id` is required; request_id wins when both are given. */
  order_id?: string;
  request_id?: string;
  cancelation_reason: 'duplicate_order' | 'client_requested_cancelation';
  /** 1..255 characters. */
  notes: string;
}

export interface CoinwBody extends Common {
  provider: 'coinw';
  /** 1..10 000 digit strings. */
  source_ids: readonly string[];
  pos_type?: 'execute' | 'plan' | 'moveStop' | 'stopProfitLoss';
}

export interface HypertrackBody extends Common {
  provider: 'hypertrack';
  order_handle: string;
  type?: 'drop' | 'pick';
  type_index?: number;
  fulfillment_attempt?: number;
}

export type CancellationBody =
  PlanetOrderIdsBody | PlanetAllQueuedBody | PlanomaticBody | CoinwBody | HypertrackBody;

/** GET /v1/cancellations filters. */
export interface ListQuery {
  provider?: ProviderId;
  state?: CancellationState;
  /** Entries per page, 1..500; the API's default is 50. */
  limit?: number;
  /** Where a previous page ended (its `next_cursor`). */
  cursor?: string;
}

export interface CallOptions {
  /** Aborts this call (on top of the client's own signal). */
  signal?: AbortSignal;
}

export interface CreateOptions extends CallOptions {
  /**
   * Makes the call safe to repeat: the same key with the same body answers what the first call
   * accepted. Only a POST with a key is retried after a failure (see retry.ts).
   */
  idempotencyKey?: string;
}

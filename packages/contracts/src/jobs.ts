import { z } from 'zod';
import { COINW_POS_TYPES } from './coinw-pos-types.ts';
import { coinwCallJob, planetCallJob, planetSettleJob } from './shared-call.ts';

/**
 * Job payloads. They outlive deploys (a job written by an old API is run by a new worker), so
 * these schemas only ever grow by optional fields. They never hold a credential: workers read
 * those from their own environment.
 */

const nonEmptyIds = z.array(z.string().min(1)).min(1);

/** A list of at least one element: the type that makes an empty Planet id list unrepresentable. */
export type NonEmptyArray<T> = [T, ...T[]];

export const planetCancelJob = z.object({
  kind: z.literal('planet.cancel'),
  cancellationId: z.string(),
  orderIds: nonEmptyIds.transform((ids) => ids as NonEmptyArray<string>),
  chunk: z.number().int().optional(),
  chunks: z.number().int().optional(),
  throttled: z.number().int().optional(),
});

/** The explicit, and only, way to send Planet's `{}` bulk body (cancel every queued order). */
export const planetCancelAllQueuedJob = z.object({
  kind: z.literal('planet.cancel_all_queued'),
  cancellationId: z.string(),
  throttled: z.number().int().optional(),
  /**
   * When an attempt first sent `{}` (our clock), written before the call. Present on a later
   * attempt, it means an earlier call may have cancelled orders and lost the answer that
   * counted them, so the job settles by listing instead of trusting its own count.
   */
  firstSentAt: z.iso.datetime().optional(),
});

/**
 * One page of `GET /orders/v2?state=cancelled&last_modified=<since>/<until>`: after a
 * cancel-all whose answer was lost, the orders cancelled while its calls ran, named. A kind of
 * its own, not an option of the cancel-all job: a worker that does not know it must refuse it,
 * never read it as "send `{}` again".
 */
export const planetListCancelledJob = z.object({
  kind: z.literal('planet.list_cancelled'),
  cancellationId: z.string(),
  since: z.iso.datetime(),
  until: z.iso.datetime(),
  /** 1 for the first page. */
  page: z.number().int().min(1),
  /** The query of Planet's `_links.next` for every page after the first. */
  pageQuery: z.string().optional(),
  throttled: z.number().int().optional(),
});

/** One GET that settles an order Planet refused to cancel: already cancelled, or lost the race. */
export const planetReconcileJob = z.object({
  kind: z.literal('planet.reconcile'),
  cancellationId: z.string(),
  orderId: z.string().min(1),
  throttled: z.number().int().optional(),
});

/** CoinW's hard maximum of ids per batch cancel; configuration may lower it, never raise it. */
export const COINW_BATCH_MAX = 20;

/** One signed `DELETE /v1/perpum/batchOrders` call for at most 20 ids. */
export const coinwCancelJob = z.object({
  kind: z.literal('coinw.cancel'),
  cancellationId: z.string(),
  sourceIds: nonEmptyIds.max(COINW_BATCH_MAX).transform((ids) => ids as NonEmptyArray<string>),
  posType: z.enum(COINW_POS_TYPES).optional(),
  chunk: z.number().int().optional(),
  chunks: z.number().int().optional(),
  /** Which halves of the chunk this is after CoinW rejected it for its content, e.g. `ab`. */
  half: z.string().optional(),
  throttled: z.number().int().optional(),
});

export const PLANOMATIC_CANCELATION_REASONS = [
  'duplicate_order',
  'client_requested_cancelation',
] as const;

/** One `POST /api/v3/orders/cancel`. The integration token is added by the worker, never stored. */
export const planomaticCancelJob = z.object({
  kind: z.literal('planomatic.cancel'),
  cancellationId: z.string(),
  orderId: z.string().min(1).optional(),
  requestId: z.string().min(1).optional(),
  reason: z.enum(PLANOMATIC_CANCELATION_REASONS),
  notes: z.string().min(1),
  throttled: z.number().int().optional(),
});

/** One `POST /orders/{order_handle}/cancel`, with the selectors the request gave. */
export const hypertrackCancelJob = z.object({
  kind: z.literal('hypertrack.cancel'),
  cancellationId: z.string(),
  orderHandle: z.string().min(1),
  type: z.enum(['drop', 'pick']).optional(),
  typeIndex: z.number().int().min(0).optional(),
  fulfillmentAttempt: z.number().int().min(0).optional(),
  throttled: z.number().int().optional(),
});

export const jobPayload = z.discriminatedUnion('kind', [
  planetCancelJob,
  planetCancelAllQueuedJob,
  planetReconcileJob,
  planetListCancelledJob,
  coinwCancelJob,
  planomaticCancelJob,
  hypertrackCancelJob,
  planetCallJob,
  planetSettleJob,
  coinwCallJob,
]);

export type PlanetCancelJob = z.output<typeof planetCancelJob>;
export type PlanetCancelAllQueuedJob = z.output<typeof planetCancelAllQueuedJob>;
export type PlanetReconcileJob = z.output<typeof planetReconcileJob>;
export type PlanetListCancelledJob = z.output<typeof planetListCancelledJob>;
export type CoinwCancelJob = z.output<typeof coinwCancelJob>;
export type PlanomaticCancelJob = z.output<typeof planomaticCancelJob>;
export type HypertrackCancelJob = z.output<typeof hypertrackCancelJob>;
export type JobPayload = z.output<typeof jobPayload>;
export type JobKind = JobPayload['kind'];

/** The job ids a payload is about: what its attempts count against and what it resolves. */
export function jobTargets(payload: JobPayload): string[] {
  switch (payload.kind) {
    case 'planet.cancel':
      return payload.orderIds;
    case 'planet.cancel_all_queued':
    case 'planet.list_cancelled':
      // Planet names these targets only in its answer; until then the job holds the
      // cancellation open, and a failure for good is recorded on its own (`all_queued`).
      return [];
    case 'planet.reconcile':
      return [payload.orderId];
    case 'coinw.cancel':
      return payload.sourceIds;
    case 'coinw.call':
    case 'planet.call':
    case 'planet.settle':
      // What else a shared call carries is decided when its slot comes.
      return [...new Set((payload.carry ?? []).map(([, id]) => id))];
    case 'planomatic.cancel':
      // request_id wins at PlanOmatic when both are given, so it is the target's name.
      return [payload.requestId ?? payload.orderId ?? ''];
    case 'hypertrack.cancel':
      return [payload.orderHandle];
  }
}

import { z } from 'zod';
import { nonEmptyIds, type NonEmptyArray } from '../request-fields.ts';
import type { PlanetCallJob, PlanetSettleJob } from '../shared-call.ts';

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

export type PlanetCancelJob = z.output<typeof planetCancelJob>;
export type PlanetCancelAllQueuedJob = z.output<typeof planetCancelAllQueuedJob>;
export type PlanetReconcileJob = z.output<typeof planetReconcileJob>;
export type PlanetListCancelledJob = z.output<typeof planetListCancelledJob>;
export type PlanetJob =
  | PlanetCancelJob
  | PlanetCancelAllQueuedJob
  | PlanetReconcileJob
  | PlanetListCancelledJob
  | PlanetCallJob
  | PlanetSettleJob;
